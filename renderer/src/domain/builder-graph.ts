/**
 * The rule as a left-to-right graph: Trigger → Conditions → Action, laid out on one row. Plain
 * data (the component hands it to @xyflow/react), so the layout is unit-tested.
 */

export type StepId = 'trigger' | 'conditions' | 'action';

// A type alias, not an interface: graph libraries want node data assignable to a record.
export type Step = {
  id: StepId;
  kind: string;
  title: string;
  summary: string;
  /** How many form fields of this step have an error. */
  problems: number;
};

export const NODE_WIDTH = 250;
export const NODE_GAP = 70;

export interface GraphNode {
  id: StepId;
  type: 'step';
  position: { x: number; y: number };
  data: Step;
  width: number;
}

export interface GraphEdge {
  id: string;
  source: StepId;
  target: StepId;
  /** Read by screen readers on the edge. */
  ariaLabel: string;
}

export function layoutSteps(steps: readonly Step[]): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes = steps.map(
    (s, i): GraphNode => ({
      id: s.id,
      type: 'step',
      position: { x: i * (NODE_WIDTH + NODE_GAP), y: 0 },
      data: s,
      width: NODE_WIDTH,
    }),
  );
  const edges = steps.slice(1).map(
    (s, i): GraphEdge => ({
      id: `${steps[i]?.id}-${s.id}`,
      source: steps[i]?.id as StepId,
      target: s.id,
      ariaLabel: `${steps[i]?.kind} then ${s.kind}`,
    }),
  );
  return { nodes, edges };
}

/** The condition step's one-line summary: "always", the single row, or "3 conditions (all)". */
export function conditionSummary(
  mode: 'rows' | 'raw',
  rowCount: number,
  join: 'all' | 'any',
  expression: string,
): string {
  if (mode === 'raw') return expression.trim() ? expression.trim() : 'no conditions';
  if (rowCount === 0) return 'no conditions';
  if (rowCount === 1) return expression;
  return `${rowCount} conditions (${join === 'all' ? 'all must hold' : 'any may hold'})`;
}
