/** Page cursors are the service kit's (shared with the job queue's listing). */
export { decodeCursor, encodeCursor, type PageKey } from '@vigie/service-kit';
