/**
 * Lentera's disclosure boundary, as a lint rule: outside the victim's own module (src/case, where the
 * disclosure gate lives) no code reads the decrypted personal fields of a case, a victim or a
 * perpetrator — not by property access, not by destructuring, not by spreading the entity into another
 * object. Every other module gets what a reader may see from the gate (CaseDisclosureService).
 *
 * Type-aware: an access is refused when the object's type is the entity class declared in
 * src/case/{case,victim,perpetrator}.entity.ts (or a union containing it), so a PUG appointee's
 * `fullName` or a DTO's `narrative` are not mistaken for them.
 */
const PERSONAL = {
  'case.entity.ts': { Case: ['narrative', 'incidentLocation', 'reporter', 'intakeRecord'] },
  'victim.entity.ts': { Victim: ['fullName', 'nik', 'birthDate', 'address', 'phone'] },
  'perpetrator.entity.ts': { Perpetrator: ['name'] },
};

function entityOf(type) {
  const parts = type.isUnion() ? type.types : [type];
  for (const t of parts) {
    const symbol = t.getSymbol() ?? t.aliasSymbol;
    if (!symbol) continue;
    for (const decl of symbol.getDeclarations() ?? []) {
      const file = decl.getSourceFile().fileName.replace(/\\/g, '/');
      if (!file.includes('/src/case/')) continue;
      for (const [suffix, classes] of Object.entries(PERSONAL)) {
        if (file.endsWith(`/src/case/${suffix}`) && classes[symbol.getName()])
          return { name: symbol.getName(), fields: classes[symbol.getName()] };
      }
    }
  }
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
export const noPersonalCaseFields = {
  meta: {
    type: 'problem',
    docs: { description: 'Only the disclosure gate (src/case) reads personal fields of cases and victims' },
    messages: {
      field:
        '{{entity}}.{{field}} is personal data: ask the disclosure gate (CaseDisclosureService / CaseLens) for what this reader may see',
      spread: 'Spreading a {{entity}} copies its personal fields: build the view through the disclosure gate',
    },
    schema: [],
  },
  create(context) {
    const services = context.sourceCode.parserServices;
    if (!services?.program || !services.esTreeNodeToTSNodeMap) return {};
    const typeOf = (node) => services.getTypeAtLocation(node);
    const check = (objectNode, field, reportNode) => {
      const entity = entityOf(typeOf(objectNode));
      if (entity && entity.fields.includes(field))
        context.report({ node: reportNode, messageId: 'field', data: { entity: entity.name, field } });
    };
    return {
      MemberExpression(node) {
        const field =
          !node.computed && node.property.type === 'Identifier'
            ? node.property.name
            : node.computed && node.property.type === 'Literal'
              ? String(node.property.value)
              : null;
        if (field) check(node.object, field, node.property);
      },
      VariableDeclarator(node) {
        if (node.id.type !== 'ObjectPattern' || !node.init) return;
        for (const p of node.id.properties)
          if (p.type === 'Property' && p.key.type === 'Identifier') check(node.init, p.key.name, p);
      },
      SpreadElement(node) {
        if (node.parent.type !== 'ObjectExpression') return;
        const entity = entityOf(typeOf(node.argument));
        if (entity) context.report({ node, messageId: 'spread', data: { entity: entity.name } });
      },
    };
  },
};

export default { rules: { 'no-personal-case-fields': noPersonalCaseFields } };
