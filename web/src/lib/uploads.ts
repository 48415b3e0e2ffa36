/** Browser-side image upload: SHA-256 with Web Crypto, then the presigned POST straight to S3. */

export async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export type ImageType = "image/jpeg" | "image/png" | "image/webp";
const TYPES: Record<string, ImageType> = {
  "image/jpeg": "image/jpeg",
  "image/png": "image/png",
  "image/webp": "image/webp",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
};

/**
 * What the browser says the file is (from its name), or null when it is not a photo type the shop takes.
 * The ingest function sniffs the real type from the bytes anyway: a renamed file is rejected there.
 */
export function declaredType(file: File): ImageType | null {
  return TYPES[file.type] ?? TYPES[file.name.toLowerCase().split(".").pop() ?? ""] ?? null;
}

export type PresignedPost = { url: string; fields: Record<string, string> };

/** POST the file to S3 with the presigned fields (file last, as S3 requires), reporting progress 0..1. */
export function postToS3(
  upload: PresignedPost,
  file: Blob,
  onProgress: (fraction: number) => void,
): Promise<void> {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append("file", file);
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", upload.url);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) {
        onProgress(1);
        resolve();
      } else {
        const reason = /<Message>(.*?)<\/Message>/.exec(request.responseText)?.[1];
        reject(
          new Error(reason ? `Storage refused the file: ${reason}` : `Upload failed (${request.status}).`),
        );
      }
    };
    request.onerror = () => reject(new Error("Upload failed: could not reach the image storage."));
    request.send(form);
  });
}
