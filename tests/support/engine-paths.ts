/** The engine's own documents, for the rules tests: every collection it writes, and what the admin page reads. */
export const ENGINE_PATHS = [
  "backfillJobs/j1",
  "backfillJobs/j1/backfillCheckpoints/a3f0-i1",
  "backfillJobs/j1/dispatcher/state",
  "backfillJobs/j1/holds/i1",
  "backfillJobs/j1/deferrals/i1",
  "backfillSettings/rateLimits",
  "backfillLocks/active",
  "backfillAutoStarts/recipe-difficulty",
  "backfillCircuits/toastmasters-dashboard",
  "backfillFaults/i1",
  "dashboardCsvCache/c1",
];

/** The only engine documents a client may read, and only as an admin. */
export const ADMIN_READABLE = new Set(["backfillJobs/j1", "backfillJobs/j1/backfillCheckpoints/a3f0-i1", "backfillSettings/rateLimits"]);
