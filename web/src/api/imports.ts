import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { postToS3 } from "../lib/uploads";
import { useSession } from "../lib/session";
import { data, type Schemas } from "./client";
import { keys } from "./keys";

export type ImportView = Schemas["ImportView"];
export type ImportStatus = Schemas["ImportStatus"];

/** An import that will not change any more: polling stops there. */
export function isFinished(status: ImportStatus): boolean {
  return status === "SUCCEEDED" || status === "PARTIAL" || status === "FAILED";
}

/** How far the import has got, 0..1 (rows are known once the file is validated). */
export function progressOf(job: Pick<ImportView, "status" | "rows" | "processed">): number {
  if (isFinished(job.status)) return 1;
  if (job.rows <= 0) return 0;
  return Math.min(1, job.processed / job.rows);
}

export function importContentType(file: File): "text/csv" | "application/zip" | null {
  const name = file.name.toLowerCase();
  if (file.type === "application/zip" || name.endsWith(".zip")) return "application/zip";
  if (file.type === "text/csv" || name.endsWith(".csv")) return "text/csv";
  return null;
}

const POLL_MS = 1000;

export function useImports() {
  const { api } = useSession();
  return useQuery({
    queryKey: keys.imports,
    queryFn: async () => data(await api.GET("/imports")).items,
    // While one of them is still running, its row in the list moves too.
    refetchInterval: (query) =>
      query.state.data?.some((job) => !isFinished(job.status)) ? POLL_MS * 3 : false,
  });
}

/** GET /imports/{id}, polled every second until the import has finished. */
export function useImport(importId: string) {
  const { api } = useSession();
  return useQuery({
    queryKey: keys.importJob(importId),
    enabled: importId !== "",
    queryFn: async () => data(await api.GET("/imports/{importId}", { params: { path: { importId } } })),
    refetchInterval: (query) => (query.state.data && isFinished(query.state.data.status) ? false : POLL_MS),
  });
}

/** POST /imports, then the file straight to S3 with the presigned POST; resolves with the import's id. */
export function useStartImport(onProgress: (fraction: number) => void) {
  const { api } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (file: File) => {
      const contentType = importContentType(file);
      if (!contentType) throw new Error("Choose a .csv file, or a .zip holding one CSV and its photos.");
      const created = data(
        await api.POST("/imports", { body: { filename: file.name, contentType, size: file.size } }),
      );
      onProgress(0);
      await postToS3(created.upload, file, onProgress);
      return created.importId;
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.imports }),
  });
}
