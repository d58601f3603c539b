// Local ESLint rule `layers/allowed-imports`, in the manner of VS Code's own
// `code-import-patterns`: every source folder is a layer, and each layer lists the layers it
// may import. Relative imports are resolved against the importing file; bare imports are
// packages (allowed unless the layer forbids them, e.g. `electron` in the core).
import path from 'node:path';

/** Layer of a file, from its path relative to the repository root; null outside all layers. */
export function layerOf(relative, layers) {
  const posix = relative.split(path.sep).join('/');
  for (const [name, def] of Object.entries(layers)) {
    if (def.roots.some((root) => posix === root || posix.startsWith(root + '/'))) return name;
  }
  return null;
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Which folders may import which (docs/architecture.md, « Couches »).' },
    schema: [
      {
        type: 'object',
        properties: { root: { type: 'string' }, layers: { type: 'object' } },
        required: ['layers'],
        additionalProperties: false,
      },
    ],
    messages: {
      layer: '{{from}} must not import {{to}} ({{spec}}): {{why}}',
      pkg: '{{from}} must not import the package "{{spec}}": {{why}}',
    },
  },
  create(context) {
    const options = context.options[0] ?? {};
    const root = options.root ?? context.cwd;
    const layers = options.layers;
    const file = context.filename;
    const from = layerOf(path.relative(root, file), layers);
    if (!from) return {};
    const def = layers[from];

    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      if (spec.startsWith('.')) {
        const target = path.relative(root, path.resolve(path.dirname(file), spec));
        const to = layerOf(target, layers);
        // Files outside every layer (package.json at the root) are shared data.
        if (to === null || to === from || def.allow.includes(to)) return;
        context.report({ node, messageId: 'layer', data: { from, to, spec, why: def.why ?? '' } });
        return;
      }
      const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      if ((def.forbidPackages ?? []).includes(pkg))
        context.report({ node, messageId: 'pkg', data: { from, spec, why: def.why ?? '' } });
    };

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      CallExpression: (node) => {
        if (
          node.callee.type === 'Identifier' &&
          node.callee.name === 'require' &&
          node.arguments[0]?.type === 'Literal'
        )
          check(node.arguments[0], node.arguments[0].value);
      },
    };
  },
};

export default { rules: { 'allowed-imports': rule } };
