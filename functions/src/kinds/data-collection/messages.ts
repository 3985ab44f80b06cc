/** The data-collection kind's log messages (Seeds 001-003); the engine's own are in src/logs/messages.ts. */
export const districtMessages = {
  districtsExcluded: (ids: string[]) => `Target districts outside the configured scope excluded: ${ids.join(", ")}`,
  collectionFinishedWithFailures: (jobId: string, failed: number, processed: number) =>
    `District data collection ${jobId}: ${failed} of ${processed} items failed; retry them with retry-failed`,
} as const;
