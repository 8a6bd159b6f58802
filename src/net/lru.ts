// A small bounded memo: the engine memoizes pure parses by their text, the quiz core engine
// runs by scenario text; the bound keeps memory flat.
//
// Two generations instead of a strict LRU order: a hit costs one or two Map lookups (no
// delete and re-insert on every hit: parse caches are hit hundreds of thousands of times in a
// class's regrade). New entries go to the young map; when it is full it becomes the old map
// and the previous old map is dropped; an old entry that is hit moves back to the young map.
// What is used keeps living; at most 2 x capacity entries are held.

/** Every memo made, so that a benchmark can start cold (clearAllMemos). */
const ALL = new Set<{ clear(): void }>();

/** Empties every memo of the engine, the CLI and the quiz core: as a new page or process starts. */
export function clearAllMemos(): void {
  for (const memo of ALL) memo.clear();
}

export class Lru<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
    ALL.add(this);
  }

  get(key: K): V | undefined {
    const value = this.young.get(key);
    if (value !== undefined) return value;
    const aged = this.old.get(key);
    if (aged !== undefined) {
      this.old.delete(key);
      this.set(key, aged);
    }
    return aged;
  }

  set(key: K, value: V): void {
    if (this.young.size >= this.capacity && !this.young.has(key)) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }

  getOrCompute(key: K, compute: () => V): V {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const value = compute();
    this.set(key, value);
    return value;
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}
