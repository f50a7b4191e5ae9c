// Small helpers for the maps of lists the service builds everywhere (findings by key, objects by name).

/** Adds a value to the list kept under a key, making the list on the first value. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * An empty list to share in place of lists of objects, made as V8 makes those: a literal `[]`
 * holds small integers to V8 (its elements kind), and an object's field that holds it one time
 * and a list of objects another makes V8 throw away the code it optimized for that field.
 */
export function emptyListOfObjects<T extends object>(): T[] {
  const list: T[] = [{} as T];
  list.pop();
  return list;
}

/**
 * The same items in an array of just their number. An array that grew by push keeps room for
 * more (V8 grows a one-item array to room for 17): kept for a dump's life by each of its
 * hundreds of thousands of packets and flows, that room was most of the analysis's memory.
 */
export function fitted<T>(items: T[]): T[] {
  return items.length === 0 ? items : items.slice();
}
