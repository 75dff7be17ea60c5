import { print, visit, type ASTNode, type DocumentNode, type GraphQLError } from 'graphql';

export interface ShopifyError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

interface Where {
  path: string[];
  field?: string;
  argument?: string;
}

/** Where each AST node sits: graphql-ruby style path (`["query", "orders", "edges"]`) and enclosing field/argument. */
function locate(doc: DocumentNode): Map<ASTNode, Where> {
  const where = new Map<ASTNode, Where>();
  const stack: Where[] = [];
  visit(doc, {
    enter(node) {
      const top = stack[stack.length - 1] ?? { path: [] };
      let here: Where = top;
      if (node.kind === 'OperationDefinition')
        here = { path: [node.name ? `${node.operation} ${node.name.value}` : node.operation] };
      else if (node.kind === 'FragmentDefinition') here = { path: [`fragment ${node.name.value}`] };
      else if (node.kind === 'Field')
        here = { path: [...top.path, node.alias?.value ?? node.name.value], field: node.name.value };
      else if (node.kind === 'Argument')
        here = { ...top, path: [...top.path, node.name.value], argument: node.name.value };
      where.set(node, here);
      stack.push(here);
    },
    leave() {
      stack.pop();
    },
  });
  return where;
}

const RULES: [
  RegExp,
  (m: RegExpExecArray, w: Where | undefined) => { message: string; extensions: Record<string, unknown> },
][] = [
  [
    /^Cannot query field "([^"]+)" on type "([^"]+)"\./,
    (m) => ({
      message: `Field '${m[1]}' doesn't exist on type '${m[2]}'`,
      extensions: { code: 'undefinedField', typeName: m[2], fieldName: m[1] },
    }),
  ],
  [
    /^Unknown argument "([^"]+)" on field "(?:[^."]+\.)?([^"]+)"\./,
    (m) => ({
      message: `Field '${m[2]}' doesn't accept argument '${m[1]}'`,
      extensions: { code: 'argumentNotAccepted', name: m[2], typeName: 'Field', argumentName: m[1] },
    }),
  ],
  [
    /^Argument "(?:[^.]+\.)?([^(]+)\(([^:]+):\)" of type "[^"]+" is required, but it was not provided\./,
    (m) => ({
      message: `Field '${m[1]}' is missing required arguments: ${m[2]}`,
      extensions: { code: 'missingRequiredArguments', className: 'Field', name: m[1], arguments: m[2] },
    }),
  ],
  [
    /^Field "([^"]+)" of type "([^"!\][]+)[!\]]*" must have a selection of subfields/,
    (m) => ({
      message: `Field must have selections (field '${m[1]}' returns ${m[2]} but has no selections. Did you mean '${m[1]} { ... }'?)`,
      extensions: { code: 'selectionMismatch', nodeName: `field '${m[1]}'`, typeName: m[2] },
    }),
  ],
  [
    /^Field "([^"]+)" must not have a selection since type "([^"!\][]+)[!\]]*" has no subfields\./,
    (m) => ({
      message: `Selections can't be made on scalars (field '${m[1]}' returns ${m[2]} but has selections)`,
      extensions: { code: 'selectionMismatch', nodeName: `field '${m[1]}'`, typeName: m[2] },
    }),
  ],
  [
    /^Unknown type "([^"]+)"\./,
    (m) => ({
      message: `No such type ${m[1]}, so it can't be a fragment condition`,
      extensions: { code: 'undefinedType', typeName: m[1] },
    }),
  ],
  [
    /^Variable "\$([^"]+)" is not defined/,
    (m) => ({
      message: `Variable $${m[1]} is used by anonymous query but not declared`,
      extensions: { code: 'variableNotDefined', variableName: m[1] },
    }),
  ],
  [
    /^Variable "\$([^"]+)" is never used/,
    (m) => ({
      message: `Variable $${m[1]} is declared by anonymous query but not used`,
      extensions: { code: 'variableNotUsed', variableName: m[1] },
    }),
  ],
  [
    /^Unknown fragment "([^"]+)"\./,
    (m) => ({
      message: `Fragment ${m[1]} was used, but not defined`,
      extensions: { code: 'useAndDefineFragment', fragmentName: m[1] },
    }),
  ],
];

const LITERAL = [
  /does not exist in "([^"]+)" enum/,
  /^Enum "([^"]+)" cannot represent/,
  /^(Int|Float|String|Boolean|ID) cannot represent/,
  /of type "([^"]+)"/,
];

/** Validation errors as Shopify's GraphQL (graphql-ruby) words them. */
export function shopifyValidationErrors(errors: readonly GraphQLError[], doc: DocumentNode): ShopifyError[] {
  const where = locate(doc);
  return errors.map((e) => {
    const node = e.nodes?.[0];
    const w = node ? where.get(node) : undefined;
    const locations = e.locations?.map((l) => ({ line: l.line, column: l.column }));
    for (const [re, build] of RULES) {
      const m = re.exec(e.message);
      if (!m) continue;
      const { message, extensions } = build(m, w);
      return { message, ...(locations ? { locations } : {}), ...(w ? { path: w.path } : {}), extensions };
    }
    const literalType = LITERAL.map((re) => re.exec(e.message)?.[1]).find((t) => t !== undefined);
    if (literalType && w?.argument && node) {
      const message = `Argument '${w.argument}' on Field '${w.field ?? ''}' has an invalid value (${print(node)}). Expected type '${literalType}'.`;
      return {
        message,
        ...(locations ? { locations } : {}),
        path: w.path,
        extensions: { code: 'argumentLiteralsIncompatible', typeName: 'Field', argumentName: w.argument },
      };
    }
    return {
      message: e.message,
      ...(locations ? { locations } : {}),
      ...(w ? { path: w.path } : {}),
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    };
  });
}

const TOKENS: Record<string, string> = {
  '}': 'RCURLY',
  '{': 'LCURLY',
  ')': 'RPAREN',
  '(': 'LPAREN',
  ':': 'COLON',
  '[': 'LBRACKET',
  ']': 'RBRACKET',
  '!': 'BANG',
  $: 'VAR_SIGN',
  '=': 'EQUALS',
  '...': 'ELLIPSIS',
};

/** A syntax error in graphql-ruby's words: `Parse error on "}" (RCURLY) at [1, 5]`. */
export function shopifySyntaxError(e: GraphQLError): ShopifyError {
  const loc = e.locations?.[0] ?? { line: 1, column: 1 };
  const found = /found (?:"([^"]+)"|<EOF>|([A-Za-z_]+) "([^"]+)")/.exec(e.message);
  const token = found?.[1] ?? found?.[3];
  const message =
    token !== undefined
      ? `Parse error on "${token}" (${TOKENS[token] ?? 'IDENTIFIER'}) at [${loc.line}, ${loc.column}]`
      : `Parse error on end of file at [${loc.line}, ${loc.column}]`;
  return { message, locations: [{ line: loc.line, column: loc.column }] };
}

/** Variable coercion errors (`$first` of the wrong type, a missing `$id`…) as Shopify reports them. */
export function shopifyVariableError(
  e: GraphQLError,
  doc: DocumentNode,
  variables: Record<string, unknown>,
): ShopifyError {
  const m = /^Variable "\$([^"]+)"(?: of (?:required |non-null )?type "[^"]+")? (.*)$/.exec(e.message);
  if (!m?.[1]) return { message: e.message, extensions: { code: 'INVALID_VARIABLE' } };
  const name = m[1];
  let type = 'value';
  visit(doc, {
    VariableDefinition(node) {
      if (node.variable.name.value === name) type = print(node.type);
    },
  });
  const explanation =
    (m[2] ?? '').replace(/^(got invalid value .*?;|has invalid value:?)\s*/, '').replace(/\.$/, '') ||
    e.message;
  return {
    message: `Variable $${name} of type ${type} was provided invalid value`,
    ...(e.locations ? { locations: e.locations.map((l) => ({ line: l.line, column: l.column })) } : {}),
    extensions: {
      code: 'INVALID_VARIABLE',
      value: variables[name] ?? null,
      problems: [{ path: [], explanation }],
    },
  };
}
