import * as fs from 'node:fs';
import * as vscode from 'vscode';

interface Snippet {
  prefix: string;
  body: string[];
  description?: string;
}

/** A line that holds at most a word typed at its start: a top-level key position. */
const TOP_LEVEL = /^[\w-]*$/;

/**
 * Whole-file snippets (a config.yaml, HDFS values, a TFJob) offered only where a file's top level
 * starts: at the beginning of a line. Contributed snippets can't be limited to positions, so these
 * are read from snippets/yaml-files.json here and never offered at a value or in a list item.
 */
export class WholeFileSnippets implements vscode.CompletionItemProvider {
  private snippets: [string, Snippet][] | undefined;

  constructor(private readonly file: string) {}

  provideCompletionItems(doc: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] | undefined {
    const before = doc.lineAt(position.line).text.slice(0, position.character);
    if (!TOP_LEVEL.test(before)) return undefined;
    const range = new vscode.Range(position.line, 0, position.line, position.character);
    return this.load().map(([name, s]) => {
      const item = new vscode.CompletionItem(s.prefix, vscode.CompletionItemKind.Snippet);
      item.insertText = new vscode.SnippetString(s.body.join('\n'));
      item.detail = name;
      if (s.description) item.documentation = s.description;
      item.range = range;
      return item;
    });
  }

  private load(): [string, Snippet][] {
    this.snippets ??= Object.entries(JSON.parse(fs.readFileSync(this.file, 'utf8')) as Record<string, Snippet>);
    return this.snippets;
  }
}
