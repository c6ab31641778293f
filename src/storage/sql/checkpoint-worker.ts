/**
 * The checkpointer's thread (checkpoints.ts): a connection of its own to the SQLite file that
 * runs a PASSIVE checkpoint each time it is asked, and answers with the WAL's frames and how
 * many of them are now in the database file. Its syncs (the WAL before copying, the database
 * file after) and its copying happen here, off the event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Sqlite from 'better-sqlite3';

export interface CheckpointRequest { id: number; close?: boolean }
export type CheckpointReply =
  | { id: number; busy: number; log: number; checkpointed: number }
  | { id: number; error: string };

const db = new Sqlite((workerData as { file: string }).file, { fileMustExist: true });
// A checkpoint syncs the WAL before it copies frames and the database file after, at NORMAL
// as at FULL; NORMAL is what the serving connection uses.
db.pragma('synchronous = NORMAL');
const checkpoint = db.prepare('pragma wal_checkpoint(PASSIVE)');

parentPort!.on('message', (request: CheckpointRequest) => {
  if (request.close) {
    db.close();
    parentPort!.close();
    return;
  }
  try {
    const row = checkpoint.get() as { busy: number; log: number; checkpointed: number };
    parentPort!.postMessage({ id: request.id, busy: row.busy, log: row.log, checkpointed: row.checkpointed } satisfies CheckpointReply);
  } catch (e) {
    parentPort!.postMessage({ id: request.id, error: (e as Error).message } satisfies CheckpointReply);
  }
});
