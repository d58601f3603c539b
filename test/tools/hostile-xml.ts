// Hostile XML shared by the reply-parsing tests: the classic "billion laughs" entity bomb.

/**
 * A SEDA reply `<root>` whose Comment expands `levels` levels of ten entities (10^levels
 * "lol"; 9 levels ≈ 3 GB once expanded), followed by `inner` (the reply's other elements).
 */
export function billionLaughs(root: string, inner = '', levels = 9): string {
  const entities = Array.from(
    { length: levels },
    (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ELEMENT lolz (#PCDATA)>
${entities.join('\n')}
]>
<${root} xmlns="fr:gouv:culture:archivesdefrance:seda:v2.1">
  <Comment>&lol${levels};</Comment>${inner}
</${root}>
`;
}
