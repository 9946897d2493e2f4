import { APPROVABLE_KINDS } from '@siyu/shared';
import { AUDIT_ACTION_NAMES, AUDIT_TARGET_NAMES } from '../../admin/src/labels';
import { sourceFiles } from './source-files';

/**
 * The audit log shows words (员工登录), not codes (staff.login): every action and target type the
 * server records must have a label in the admin. Collected from the sources: each recordAudit /
 * recordAnonymousAudit call's `action` and `targetType`, as a literal, a ternary of literals, or the
 * approval template `${kind}.…` (kind ranges over APPROVABLE_KINDS).
 */
const server = sourceFiles('server/src', ['.ts']);

/** The argument text of every call to `name(` (balanced parentheses). */
function callsOf(text: string, name: string): string[] {
  const calls: string[] = [];
  for (const match of text.matchAll(new RegExp(`\\b${name}\\(`, 'g'))) {
    let depth = 0;
    for (let i = match.index + match[0].length - 1; i < text.length; i += 1) {
      if (text[i] === '(') depth += 1;
      if (text[i] === ')') depth -= 1;
      if (depth === 0) {
        calls.push(text.slice(match.index + match[0].length, i));
        break;
      }
    }
  }
  return calls;
}

/** The values a property expression can take; null when it cannot be read from the source. */
function valuesOf(call: string, property: string): string[] | null {
  const match = new RegExp(`\\b${property}:\\s*(\`[^\`]*\`|[^,\\n}]+)`).exec(call);
  if (!match?.[1]) return null;
  const expression = match[1].trim();
  if (expression.startsWith('`')) {
    const template = expression.slice(1, expression.lastIndexOf('`'));
    let values = [''];
    for (const part of template.split(/(\$\{[^}]*\})/)) {
      if (!part) continue;
      let options: string[];
      if (!part.startsWith('${')) options = [part];
      else if (part === '${kind}') options = [...APPROVABLE_KINDS];
      else options = ternaryLiterals(part);
      if (options.length === 0) return null;
      values = values.flatMap((prefix) => options.map((option) => prefix + option));
    }
    return values;
  }
  if (expression === 'kind') return [...APPROVABLE_KINDS];
  const literals = ternaryLiterals(expression);
  return literals.length > 0 ? literals : null;
}

/** The string literals an expression can answer: all of them, or only the branches of a ternary (not its condition). */
function ternaryLiterals(expression: string): string[] {
  const branches = expression.includes('?') ? expression.slice(expression.indexOf('?') + 1) : expression;
  return [...branches.matchAll(/'([^']+)'/g)].map((m) => m[1] ?? '');
}

function collect(property: 'action' | 'targetType') {
  const found = new Map<string, string>();
  const unreadable: string[] = [];
  for (const { file, text } of server) {
    for (const call of [...callsOf(text, 'recordAudit'), ...callsOf(text, 'recordAnonymousAudit')]) {
      if (!call.includes(`${property}:`)) continue; // the function's own declaration
      const values = valuesOf(call, property);
      if (values === null) unreadable.push(`${file}: ${call.slice(0, 80)}`);
      for (const value of values ?? []) found.set(value, file);
    }
  }
  return { found, unreadable };
}

describe('audit log labels', () => {
  const actions = collect('action');
  const targets = collect('targetType');

  it('finds the server audit calls (at least the staff login and order shipping)', () => {
    expect(actions.found.get('staff.login')).toBe('server/src/modules/staff/auth-service.ts');
    expect([...actions.found.keys()]).toEqual(expect.arrayContaining(['order.ship', 'product.create', 'coupon_template.approve', 'flash_sale.reject']));
    expect(actions.found.size).toBeGreaterThan(40);
  });

  it('can read every action and target type (a literal, a ternary of literals or the approval template)', () => {
    expect(actions.unreadable).toEqual([]);
    expect(targets.unreadable).toEqual([]);
  });

  it('has a Chinese label for every action the server records', () => {
    const missing = [...actions.found].filter(([action]) => !AUDIT_ACTION_NAMES[action]).map(([action, file]) => `${action} (${file})`);
    expect(missing).toEqual([]);
    for (const label of Object.values(AUDIT_ACTION_NAMES)) expect(label).toMatch(/\p{Script=Han}/u);
  });

  it('has a Chinese label for every target type the server records', () => {
    const missing = [...targets.found].filter(([target]) => !AUDIT_TARGET_NAMES[target]).map(([target, file]) => `${target} (${file})`);
    expect(missing).toEqual([]);
  });
});
