// Small helpers for the maps of lists the service builds everywhere (findings by key, objects by name).

/** Adds a value to the list kept under a key, making the list on the first value. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
