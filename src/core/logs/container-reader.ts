import { LineSplitter } from './line-splitter';
import { ResumeCursor } from './resume';
import { splitTimestamp } from './timestamps';

export interface ReaderOptions {
  /** keep the server's timestamp in the shown line (the user asked for timestamps) */
  showTimestamps: boolean;
  /** the current prefix of this container's lines (it can change when a second pod appears) */
  prefix: () => string;
  /** a new line: what to show, the text alone (for the progress parser), its server timestamp */
  onLine: (shown: string, text: string, ts: string | undefined) => void;
}

/**
 * Reads one container's log across any number of requests: splits chunks into lines, drops the lines
 * a resumed request repeats, strips the timestamps unless asked for, prefixes. No vscode import.
 */
export class ContainerLogReader {
  readonly cursor = new ResumeCursor();
  private splitter = new LineSplitter();
  private delivered = 0;

  constructor(private readonly opts: ReaderOptions) {}

  get lines(): number {
    return this.delivered;
  }

  chunk(data: string): void {
    for (const line of this.splitter.push(data)) this.line(line);
  }

  private line(raw: string): void {
    const { ts, text } = splitTimestamp(raw);
    if (!this.cursor.accept(ts)) return;
    this.delivered++;
    const body = this.opts.showTimestamps && ts ? `${ts} ${text}` : text;
    this.opts.onLine(this.opts.prefix() + body, text, ts);
  }

  /**
   * The request ended. When another will follow (a drop), a partial last line is forgotten: the next
   * request repeats it whole. When none will, it is shown.
   */
  end(final: boolean): void {
    const rest = this.splitter.takeRest();
    if (final && rest) this.line(rest);
  }

  /** A new request starts after a drop; `sinceTime` to ask for. */
  resume(): string | undefined {
    this.splitter = new LineSplitter();
    this.cursor.reconnect();
    return this.cursor.sinceTime();
  }
}
