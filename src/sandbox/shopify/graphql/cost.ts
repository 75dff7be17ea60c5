import {
  getNamedType,
  isAbstractType,
  isLeafType,
  isObjectType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/**
 * Shopify's calculated query cost, as documented: scalars and enums 0, objects 1, connections
 * 2 + first × (cost of one node), mutations 10. Deterministic; close to, not equal to, Shopify's.
 */
interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function argNumber(field: FieldNode, name: string, w: Walk): number | null {
  const arg = field.arguments?.find((a) => a.name.value === name);
  if (!arg) return null;
  const v: ValueNode = arg.value;
  if (v.kind === 'IntValue') return Number(v.value);
  if (v.kind === 'Variable') {
    const value = w.variables[v.name.value];
    return typeof value === 'number' ? value : null;
  }
  return null;
}

function isConnection(type: GraphQLNamedType): boolean {
  return (
    isObjectType(type) &&
    type.name.endsWith('Connection') &&
    ('edges' in type.getFields() || 'nodes' in type.getFields())
  );
}

function fieldsOf(type: GraphQLCompositeType): Record<string, { type: unknown }> {
  return isAbstractType(type) && !('getFields' in type)
    ? {}
    : (type as { getFields(): Record<string, { type: unknown }> }).getFields();
}

type Data = unknown;

/** Cost of a selection set. With `data`, connections count the nodes actually returned (actual cost). */
function selectionCost(
  w: Walk,
  set: SelectionSetNode | undefined,
  parent: GraphQLCompositeType,
  data: Data | undefined,
  actual: boolean,
): number {
  if (!set) return 0;
  let total = 0;
  for (const sel of set.selections) {
    if (sel.kind === 'InlineFragment' || sel.kind === 'FragmentSpread') {
      const frag = sel.kind === 'FragmentSpread' ? w.fragments.get(sel.name.value) : sel;
      const cond = frag?.typeCondition ? w.schema.getType(frag.typeCondition.name.value) : parent;
      if (frag && cond)
        total += selectionCost(w, frag.selectionSet, cond as GraphQLCompositeType, data, actual);
      continue;
    }
    if (sel.name.value.startsWith('__')) continue;
    const def = fieldsOf(parent)[sel.name.value];
    if (!def) continue;
    const type = getNamedType(def.type as Parameters<typeof getNamedType>[0]);
    if (!type || isLeafType(type)) continue;
    const key = sel.alias?.value ?? sel.name.value;
    const value =
      data && typeof data === 'object' && !Array.isArray(data)
        ? (data as Record<string, unknown>)[key]
        : undefined;
    total += fieldCost(w, sel, type as GraphQLCompositeType, value, actual);
  }
  return total;
}

function nodeCost(
  w: Walk,
  connField: FieldNode,
  conn: GraphQLCompositeType,
  node: Data | undefined,
  actual: boolean,
): number {
  let best = 0;
  const fields = fieldsOf(conn);
  for (const sel of connField.selectionSet?.selections ?? []) {
    if (sel.kind !== 'Field') continue;
    if (sel.name.value === 'nodes' && fields.nodes) {
      const t = getNamedType(fields.nodes.type as Parameters<typeof getNamedType>[0]) as GraphQLCompositeType;
      best = Math.max(best, 1 + selectionCost(w, sel.selectionSet, t, node, actual));
    }
    if (sel.name.value === 'edges' && fields.edges) {
      const edgeType = getNamedType(
        fields.edges.type as Parameters<typeof getNamedType>[0],
      ) as GraphQLCompositeType;
      const nodeSel = sel.selectionSet?.selections.find(
        (s): s is FieldNode => s.kind === 'Field' && s.name.value === 'node',
      );
      const nodeDef = fieldsOf(edgeType).node;
      if (nodeSel && nodeDef)
        best = Math.max(
          best,
          1 +
            selectionCost(
              w,
              nodeSel.selectionSet,
              getNamedType(nodeDef.type as Parameters<typeof getNamedType>[0]) as GraphQLCompositeType,
              node,
              actual,
            ),
        );
    }
  }
  return Math.max(best, 1);
}

function fieldCost(
  w: Walk,
  field: FieldNode,
  type: GraphQLCompositeType,
  value: Data | undefined,
  actual: boolean,
): number {
  if (isConnection(type)) {
    if (actual) {
      if (value === null || value === undefined) return 2;
      const v = value as { edges?: { node?: unknown }[]; nodes?: unknown[] };
      const nodes = v.nodes ?? v.edges?.map((e) => e.node) ?? [];
      return 2 + nodes.reduce<number>((a, n) => a + nodeCost(w, field, type, n, true), 0);
    }
    const size = argNumber(field, 'first', w) ?? argNumber(field, 'last', w) ?? 0;
    return 2 + size * nodeCost(w, field, type, undefined, false);
  }
  const first = Array.isArray(value) ? value[0] : value;
  if (actual && (value === null || value === undefined)) return 1;
  return 1 + selectionCost(w, field.selectionSet, type, first, actual);
}

export interface CostInput {
  schema: GraphQLSchema;
  doc: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown>;
}

function walkOf(input: CostInput): Walk {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of input.doc.definitions) if (d.kind === 'FragmentDefinition') fragments.set(d.name.value, d);
  return { schema: input.schema, fragments, variables: input.variables };
}

export function requestedCost(input: CostInput): number {
  if (input.operation.operation === 'mutation')
    return 10 * input.operation.selectionSet.selections.filter((s) => s.kind === 'Field').length;
  const root = input.schema.getQueryType();
  return root ? selectionCost(walkOf(input), input.operation.selectionSet, root, undefined, false) : 0;
}

export function actualCost(input: CostInput, data: unknown): number {
  if (input.operation.operation === 'mutation') return requestedCost(input);
  const root = input.schema.getQueryType();
  return root ? selectionCost(walkOf(input), input.operation.selectionSet, root, data, true) : 0;
}
