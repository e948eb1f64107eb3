import * as vscode from 'vscode';
import { schemaAt } from '../core/checks/diagnose';
import { complete, type CompletionKind } from '../core/schema/complete';
import { hover } from '../core/schema/hover';
import { SCHEMA_TITLES } from '../core/schema/names';
import { SOURCE } from './diagnostics';
import { toRange, type AuthoringService } from './service';

const KIND: Record<CompletionKind, vscode.CompletionItemKind> = {
  property: vscode.CompletionItemKind.Property,
  section: vscode.CompletionItemKind.Module,
  value: vscode.CompletionItemKind.Value,
  alluxioProperty: vscode.CompletionItemKind.Field,
};

export class CompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly service: AuthoringService) {}

  provideCompletionItems(doc: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] | undefined {
    const offset = doc.offsetAt(position);
    const schema = schemaAt(this.service.analyze(doc), offset);
    if (!schema) return undefined;
    const items = complete(doc.getText(), offset, schema.id, this.service.schemas());
    return items.map((c) => {
      const item = new vscode.CompletionItem(c.label, KIND[c.kind]);
      item.insertText = new vscode.SnippetString(c.insertText);
      item.range = toRange(doc, c.start, c.end);
      item.detail = c.detail ? `${c.detail} · ${SCHEMA_TITLES[schema.id]}` : SCHEMA_TITLES[schema.id];
      if (c.documentation) item.documentation = new vscode.MarkdownString(c.documentation);
      item.sortText = c.sortText;
      return item;
    });
  }
}

export class HoverProvider implements vscode.HoverProvider {
  constructor(private readonly service: AuthoringService) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const analysis = this.service.analyze(doc);
    const offset = doc.offsetAt(position);
    const schema = schemaAt(analysis, offset);
    if (!schema) return undefined;
    const h = hover(analysis.parsed, offset, schema.id, this.service.schemas());
    return h ? new vscode.Hover(new vscode.MarkdownString(h.markdown), toRange(doc, h.start, h.end)) : undefined;
  }
}

/** Quick fixes for our diagnostics: the fixes computed with each problem. */
export class CodeActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];
  constructor(private readonly service: AuthoringService) {}

  provideCodeActions(
    doc: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === SOURCE);
    if (!ours.length) return [];
    const problems = this.service.problems(doc);
    const actions: vscode.CodeAction[] = [];
    for (const d of ours) {
      const p = problems.find((x) => x.message === d.message && toRange(doc, x.start, x.end).isEqual(d.range));
      for (const fix of p?.fixes ?? []) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [d];
        action.isPreferred = fix.preferred;
        action.edit = new vscode.WorkspaceEdit();
        for (const e of fix.edits) action.edit.replace(doc.uri, toRange(doc, e.start, e.end), e.newText);
        actions.push(action);
      }
    }
    return actions;
  }
}
