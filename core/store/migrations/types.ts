/** A numbered schema step (Signal's migrations/NNNN-name): versions go up in steps of 10. */
export interface Migration {
  version: number;
  name: string;
  /** SQL run inside the migration's transaction. */
  up: string;
}
