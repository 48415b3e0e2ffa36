import { useCallback, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { data } from "../../api/client";
import { describeError } from "../../api/errors";
import { keys } from "../../api/keys";
import { useSession } from "../../lib/session";
import { declaredType, postToS3, sha256Hex, type ImageType } from "../../lib/uploads";

export type UploadState = {
  localId: string;
  filename: string;
  status: "hashing" | "declaring" | "uploading" | "checking" | "ready" | "existing" | "rejected" | "failed";
  progress: number;
  imageId?: string;
  url?: string | null;
  reason?: string;
};

const MAX_FILES_PER_REQUEST = 10;
const CHECKS = 60; // the ingest function usually answers within a second or two locally
const CHECK_EVERY_MS = 500;

/**
 * Each dropped file: hashed in the browser, declared (POST /images/uploads), and - unless the library
 * already has those bytes - POSTed straight to S3 with the presigned form, then watched until the ingest
 * function marks it READY or REJECTED (with the reason).
 */
export function useImageUploads() {
  const { api } = useSession();
  const client = useQueryClient();
  const [uploads, setUploads] = useState<UploadState[]>([]);

  const patch = useCallback((localId: string, change: Partial<UploadState>) => {
    setUploads((all) => all.map((u) => (u.localId === localId ? { ...u, ...change } : u)));
  }, []);

  const waitForIngest = useCallback(
    async (localId: string, imageId: string) => {
      for (let attempt = 0; attempt < CHECKS; attempt++) {
        const image = data(await api.GET("/images/{imageId}", { params: { path: { imageId } } }));
        if (image.status === "READY") return patch(localId, { status: "ready", url: image.url });
        if (image.status === "REJECTED")
          return patch(localId, {
            status: "rejected",
            reason: image.rejectionReason ?? "The file is not a usable image.",
          });
        await new Promise((resolve) => setTimeout(resolve, CHECK_EVERY_MS));
      }
      patch(localId, {
        status: "failed",
        reason: "The photo is still being checked. Try again in a moment.",
      });
    },
    [api, patch],
  );

  const declareAndUpload = useCallback(
    async (batch: { file: File; state: UploadState; contentType: ImageType }[]) => {
      let slots;
      try {
        const files = await Promise.all(
          batch.map(async ({ file, contentType }) => ({
            filename: file.name,
            contentType,
            size: file.size,
            sha256: await sha256Hex(file),
          })),
        );
        batch.forEach(({ state }) => patch(state.localId, { status: "declaring" }));
        slots = data(await api.POST("/images/uploads", { body: { files } })).uploads;
      } catch (error) {
        batch.forEach(({ state }) =>
          patch(state.localId, { status: "rejected", reason: describeError(error) }),
        );
        return;
      }
      await Promise.all(
        batch.map(async ({ file, state }, index) => {
          const slot = slots[index];
          try {
            if (!slot) throw new Error("The shop did not answer for this file.");
            if (slot.status === "EXISTING" || !slot.upload) {
              const image = data(
                await api.GET("/images/{imageId}", { params: { path: { imageId: slot.imageId } } }),
              );
              return patch(state.localId, {
                status: "existing",
                imageId: slot.imageId,
                url: image.url,
                progress: 1,
              });
            }
            patch(state.localId, { status: "uploading", imageId: slot.imageId });
            await postToS3(slot.upload, file, (progress) => patch(state.localId, { progress }));
            patch(state.localId, { status: "checking" });
            await waitForIngest(state.localId, slot.imageId);
          } catch (error) {
            patch(state.localId, { status: "failed", reason: describeError(error) });
          }
        }),
      );
    },
    [api, patch, waitForIngest],
  );

  const add = useCallback(
    async (files: File[]) => {
      const started = files.map((file) => ({
        file,
        state: {
          localId: crypto.randomUUID(),
          filename: file.name,
          status: "hashing" as const,
          progress: 0,
        },
      }));
      setUploads((all) => [...all, ...started.map((s) => s.state)]);
      // Files the shop cannot take are refused here; the others are declared in one request (1-10 files).
      const accepted = started.flatMap(({ file, state }) => {
        const contentType = declaredType(file);
        if (contentType) return [{ file, state, contentType }];
        patch(state.localId, { status: "rejected", reason: "Only JPEG, PNG or WebP photos can be used." });
        return [];
      });
      for (let first = 0; first < accepted.length; first += MAX_FILES_PER_REQUEST) {
        await declareAndUpload(accepted.slice(first, first + MAX_FILES_PER_REQUEST));
      }
      void client.invalidateQueries({ queryKey: keys.images });
    },
    [client, patch, declareAndUpload],
  );

  const remove = useCallback(
    (localId: string) => setUploads((all) => all.filter((u) => u.localId !== localId)),
    [],
  );
  return { uploads, add, remove };
}
