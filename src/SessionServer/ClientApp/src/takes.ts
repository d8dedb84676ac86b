// A spoken answer's take, kept in this browser (IndexedDB) chunk by chunk while it is recorded, so that a reload
// mid-answer does not lose what the candidate said: the page comes back with the take ready to send. Forgotten once
// the server has it or the candidate records again. Best effort: where IndexedDB is unavailable the take lives in
// memory only, as before.
import { token } from "./hub";

export interface KeptTake { answerId: string; chunks: Uint8Array[] }

const store = "chunks";
let opening: Promise<IDBDatabase> | null = null;

function database(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open("interview-takes", 1);
    request.onupgradeneeded = () => request.result.createObjectStore(store);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  opening.catch(() => { opening = null; });
  return opening;
}

/** Keys sort as "<link>|<ordinal>|<answer id>|<chunk number>": one question's take is one key range. */
const questionPrefix = (ordinal: number): string => `${token}|${ordinal}|`;
const questionRange = (ordinal: number): IDBKeyRange => IDBKeyRange.bound(questionPrefix(ordinal), `${questionPrefix(ordinal)}\uffff`);

async function transact<T>(mode: IDBTransactionMode, work: (chunks: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  const transaction = (await database()).transaction(store, mode);
  const request = work(transaction.objectStore(store));
  await new Promise<void>((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
  return request ? request.result : undefined;
}

export async function keepChunk(ordinal: number, answerId: string, index: number, chunk: Uint8Array): Promise<void> {
  try {
    await transact("readwrite", (chunks) => { chunks.put(chunk, `${questionPrefix(ordinal)}${answerId}|${String(index).padStart(6, "0")}`); });
  } catch { /* storage full or off: the take stays in memory */ }
}

/** The take kept for <ordinal>, or null. There is one per question: recording again forgets the one before. */
export async function keptTake(ordinal: number): Promise<KeptTake | null> {
  try {
    const found: { key: string; chunk: Uint8Array }[] = [];
    await transact("readonly", (chunks) => {
      const cursor = chunks.openCursor(questionRange(ordinal));
      cursor.onsuccess = () => {
        if (!cursor.result) return;
        found.push({ key: String(cursor.result.key), chunk: cursor.result.value as Uint8Array });
        cursor.result.continue();
      };
    });
    if (found.length === 0) return null;
    const answerIdOf = (key: string): string => key.split("|")[2];
    const answerId = answerIdOf(found[found.length - 1].key);
    return { answerId, chunks: found.filter((item) => answerIdOf(item.key) === answerId).map((item) => item.chunk) };
  } catch {
    return null;
  }
}

export async function forgetTake(ordinal: number): Promise<void> {
  try {
    await transact("readwrite", (chunks) => { chunks.delete(questionRange(ordinal)); });
  } catch { /* nothing kept */ }
}
