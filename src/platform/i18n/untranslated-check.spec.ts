/**
 * The check the test harness runs on every response body (test/support/untranslated.ts): what it must
 * find, and what it must leave alone (so that a finding is always worth fixing).
 */
import {
  leftoverKeys,
  untranslatedCodes,
  untranslatedIn,
  visibleText,
} from '../../../test/support/untranslated';

const texts = (findings: { text: string }[]) => findings.map((f) => f.text);

describe('the untranslated-words check of the test harness', () => {
  it('finds translation keys left in a text, the mangled ones of the chronology included', () => {
    expect(texts(leftoverKeys('Rujukan dibuat: referrals.serviceRoles.Penegakan hukum ke RSUD'))).toEqual([
      'referrals.serviceRoles.Penegakan',
    ]);
    expect(
      texts(leftoverKeys('data: referrals.categories.Identitas (nama, referrals.categories. jenis')),
    ).toEqual(['referrals.categories.Identitas', 'referrals.categories']);
    expect(texts(leftoverKeys('<title>events.case.registered</title>'))).toEqual(['events.case.registered']);
  });

  it('leaves alone what only looks like a key: file names, addresses, permissions, audit actions, other words', () => {
    expect(
      leftoverKeys(
        'Lihat /static/css/app.css, chart.umd.js, www.example.org, cases.read, users.manage, auth.login, no. 3',
      ),
    ).toEqual([]);
  });

  it('finds codes where words belong: snake_case in any language, one-word codes in Bahasa Indonesia only', () => {
    expect(texts(untranslatedCodes('Saluran: walk_in, tahap initial_counseling', 'id'))).toEqual([
      'walk_in',
      'initial_counseling',
    ]);
    expect(texts(untranslatedCodes('Status rujukan: pending', 'id'))).toEqual(['pending']);
    expect(untranslatedCodes('The referral is pending', 'en')).toEqual([]);
    // A quoted token is cited on purpose (the name of a property the caller sent).
    expect(untranslatedCodes('"walk_in" tidak dikenal dan tidak boleh dikirim.', 'id')).toEqual([]);
  });

  it('reads a page as a browser shows it: text and read attributes, not markup, values, <code> or <pre>', () => {
    const html =
      '<p title="Tahap initial_counseling">x</p><option value="walk_in">Datang langsung</option>' +
      '<code>start_support</code><pre>in_support</pre><script>var a = "case_conference";</script>' +
      '<canvas data-labels="[&quot;referred&quot;]"></canvas>';
    const text = visibleText(html);
    expect(text).toContain('Tahap initial_counseling');
    expect(text).toContain('Datang langsung');
    expect(text).toContain('referred');
    expect(text).not.toContain('walk_in');
    expect(text).not.toContain('start_support');
    expect(text).not.toContain('in_support');
    expect(text).not.toContain('case_conference');
    expect(texts(untranslatedIn(html, 'text/html; charset=utf-8', 'id'))).toEqual([
      'initial_counseling',
      'referred',
    ]);
  });

  it('in JSON: keys in any string but identifiers, codes only in the sentences', () => {
    const body = JSON.stringify({
      id: 'programme.prevention',
      stage: 'initial_counseling',
      message: 'Tahap initial_counseling',
      items: [{ summary: 'Rujukan referrals.urgencies.Segera' }, { label: 'events.case.registered' }],
    });
    expect(texts(untranslatedIn(body, 'application/json', 'id')).sort()).toEqual([
      'events.case.registered',
      'initial_counseling',
      'referrals.urgencies.Segera',
    ]);
  });

  it('in a CSV everything is read; binary bodies are not', () => {
    expect(texts(untranslatedIn('"PPT/2026/000001","walk_in"', 'text/csv; charset=utf-8', 'id'))).toEqual([
      'walk_in',
    ]);
    expect(untranslatedIn('%PDF-1.7 walk_in', 'application/pdf', 'id')).toEqual([]);
  });
});
