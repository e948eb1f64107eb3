/** A problem in a document, by offsets (end-exclusive). No vscode types: language/ converts. */
export type Severity = 'error' | 'warning' | 'information';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix most users want (shown first, applied by "auto fix"). */
  preferred?: boolean;
}

export interface Problem {
  start: number;
  end: number;
  severity: Severity;
  message: string;
  /** A short stable code: syntax, duplicate-key, unknown-key, type, enum, pattern, required, range, memory, shm, ufs, cluster, property, dockerfile. */
  code: string;
  fixes?: Fix[];
}
