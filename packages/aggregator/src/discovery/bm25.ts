/** Splits names and prose into lowercase words: `psu_setVoltage` → psu, set, voltage. */
export function tokenize(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

export interface Bm25Document {
  id: string;
  /** Weighted fields: each text is tokenized and counted `weight` times. */
  fields: Array<{ text: string; weight: number }>;
}

export interface Bm25Hit {
  id: string;
  score: number;
}

/**
 * Okapi BM25 (k1 = 1.2, b = 0.75) over a fixed set of documents, built once per catalog.
 * Field weights stand in for BM25F: a word in a tool's name counts more than one in its prose.
 */
export class Bm25Index {
  private readonly docs: Array<{ id: string; tf: Map<string, number>; length: number }> = [];
  private readonly df = new Map<string, number>();
  private readonly avgLength: number;

  constructor(
    documents: readonly Bm25Document[],
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    let total = 0;
    for (const d of documents) {
      const tf = new Map<string, number>();
      let length = 0;
      for (const field of d.fields) {
        for (const w of tokenize(field.text)) {
          tf.set(w, (tf.get(w) ?? 0) + field.weight);
          length += field.weight;
        }
      }
      for (const w of tf.keys()) this.df.set(w, (this.df.get(w) ?? 0) + 1);
      this.docs.push({ id: d.id, tf, length });
      total += length;
    }
    this.avgLength = this.docs.length ? total / this.docs.length : 0;
  }

  search(query: string, limit: number): Bm25Hit[] {
    const terms = [...new Set(tokenize(query))];
    if (terms.length === 0 || limit <= 0) return [];
    const n = this.docs.length;
    const hits: Bm25Hit[] = [];
    for (const doc of this.docs) {
      let score = 0;
      for (const term of terms) {
        const f = doc.tf.get(term);
        if (!f) continue;
        const df = this.df.get(term) ?? 0;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        score += (idf * f * (this.k1 + 1)) / (f + this.k1 * (1 - this.b + (this.b * doc.length) / (this.avgLength || 1)));
      }
      if (score > 0) hits.push({ id: doc.id, score });
    }
    hits.sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : 1));
    return hits.slice(0, limit);
  }
}
