// The flow diagram's colours: CSS classes the SVG uses (render.ts) and the palettes that give them
// values: the VS Code theme's variables in the editor's webview, fixed colours in a picture that
// leaves it (an export, the command line). Shared by the service, the extension and the page.

/** Colour names the picture uses, each a CSS value. */
export interface DiagramPalette {
  readonly font: string;
  readonly background: string;
  readonly foreground: string;
  readonly muted: string;
  readonly lane: string;
  readonly headBackground: string;
  readonly headBorder: string;
  readonly balancer: string;
  readonly forward: string;
  readonly back: string;
  readonly translation: string;
  readonly warning: string;
  readonly error: string;
  readonly ok: string;
  readonly highlight: string;
  readonly highlightBorder: string;
}

/** The VS Code theme's colours, for the webview (light, dark and high-contrast themes define them all). */
export const THEME_PALETTE: DiagramPalette = {
  font: 'var(--vscode-editor-font-family)',
  background: 'var(--vscode-editor-background)',
  foreground: 'var(--vscode-editor-foreground)',
  muted: 'var(--vscode-descriptionForeground)',
  lane: 'var(--vscode-editorLineNumber-foreground)',
  headBackground: 'var(--vscode-editorWidget-background)',
  headBorder:
    'var(--vscode-contrastBorder, var(--vscode-editorWidget-border, var(--vscode-editorLineNumber-foreground)))',
  balancer: 'var(--vscode-charts-purple)',
  forward: 'var(--vscode-charts-blue)',
  back: 'var(--vscode-charts-green)',
  translation: 'var(--vscode-charts-orange)',
  warning: 'var(--vscode-editorWarning-foreground)',
  error: 'var(--vscode-editorError-foreground)',
  ok: 'var(--vscode-charts-green)',
  highlight: 'var(--vscode-editor-selectionBackground)',
  highlightBorder: 'var(--vscode-contrastActiveBorder, var(--vscode-focusBorder))',
};

/** Fixed colours for a picture outside the editor (VS Code's Light+ theme). */
export const LIGHT_PALETTE: DiagramPalette = {
  font: 'ui-monospace, Menlo, Consolas, monospace',
  background: '#ffffff',
  foreground: '#1f1f1f',
  muted: '#616161',
  lane: '#6e7681',
  headBackground: '#f3f3f3',
  headBorder: '#c8c8c8',
  balancer: '#652d90',
  forward: '#1a85ff',
  back: '#388a34',
  translation: '#b35c00',
  warning: '#bf8803',
  error: '#e51400',
  ok: '#388a34',
  highlight: '#add6ff',
  highlightBorder: '#0090f1',
};

/** The style sheet of the picture's classes, in a palette's colours. */
export function diagramCss(p: DiagramPalette): string {
  return [
    `.bl-diagram{font-family:${p.font};font-size:11px}`,
    `.bl-diagram text{fill:${p.foreground}}`,
    `.bl-diagram .bg{fill:${p.background}}`,
    `.bl-diagram .muted,.bl-diagram .time{fill:${p.muted}}`,
    `.bl-diagram .lane{stroke:${p.lane};stroke-width:1;stroke-dasharray:3 3}`,
    `.bl-diagram .lane.balancer{stroke:${p.balancer};stroke-width:3;stroke-dasharray:none}`,
    `.bl-diagram .head rect{fill:${p.headBackground};stroke:${p.headBorder}}`,
    `.bl-diagram .head.balancer rect{stroke:${p.balancer};stroke-width:2}`,
    `.bl-diagram .head .name{font-weight:bold;font-size:12px}`,
    `.bl-diagram .arrow{stroke-width:1.5;fill:none}`,
    `.bl-diagram .forward .arrow{stroke:${p.forward}}.bl-diagram .forward .tip{fill:${p.forward}}`,
    `.bl-diagram .back .arrow{stroke:${p.back}}.bl-diagram .back .tip{fill:${p.back}}`,
    `.bl-diagram .icmp-error .arrow{stroke:${p.error}}.bl-diagram .icmp-error .tip{fill:${p.error}}`,
    `.bl-diagram .one-way .arrow{stroke-dasharray:6 3}`,
    `.bl-diagram .junction{fill:${p.balancer}}`,
    `.bl-diagram .translation{fill:${p.translation};font-style:italic}`,
    `.bl-diagram .badge{font-weight:bold}`,
    `.bl-diagram .badge.warning{fill:${p.warning}}.bl-diagram .badge.error{fill:${p.error}}.bl-diagram .badge.ok{fill:${p.ok}}`,
    `.bl-diagram .bracket{fill:none;stroke:${p.muted};stroke-width:1}.bl-diagram .bracket.error{stroke:${p.error}}`,
    `.bl-diagram .hit{fill:transparent}`,
    `.bl-diagram .row.highlight .hit{fill:${p.highlight};stroke:${p.highlightBorder}}`,
    `.bl-diagram .density{fill:${p.forward};opacity:.55}.bl-diagram .density.back{fill:${p.back}}.bl-diagram .density.icmp-error{fill:${p.error}}`,
  ].join('\n');
}
