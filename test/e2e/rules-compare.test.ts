import type { Browser, Page } from 'playwright-core';
import { rulesets } from '../../config/rulesets';
import { compareWithFollowed, comparisonMarkLabels, markCounts, type ComparedRule, type ComparisonRow } from '../../shared/rules/ruleset-comparison';
import { titleLabels } from '../../shared/rules/titles';
import { h5Url, launchBrowser, phonePage } from '../support/browser';
import { arrived, picture, shown } from '../support/e2e-app';

/**
 * 本地办法与全国办法对照 (issue 16 point 9), opened from 资格自查 at phone size: the table the page shows for 广西 is
 * the one compareWithFollowed computes from guangxi-2021 and acftu-2020 — every row, its mark, both sides with their
 * articles and the note — with 只看不同之处 and with 全部条款, and the counts per mark above it.
 */
jest.setTimeout(120_000);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser.close());

interface ShownRule {
  id: string | null;
  description: string | null;
  citation: string | null;
  reading: string | null;
}
interface ShownRow {
  part: string | null;
  id: string | null;
  mark: string | null;
  label: string | null;
  titles: string | null;
  national: ShownRule[];
  regional: ShownRule[];
  none: string[];
  note: string | null;
}

/** The rows of the page on top of Taro's stack, as a reader sees them (a script: the tests compile without the DOM). */
const tableOf = (page: Page): Promise<ShownRow[]> =>
  page.evaluate(`(() => {
    const pages = Array.from(document.querySelectorAll('.taro_page'));
    const top = pages[pages.length - 1];
    const text = (el) => (el ? el.textContent : null);
    const rulesOf = (side) =>
      Array.from(side ? side.querySelectorAll('.rules-compare-rule') : []).map((r) => ({
        id: r.getAttribute('data-id'),
        description: text(r.querySelector('.rules-compare-side__text')),
        citation: text(r.querySelector('.rules-compare-side__cite')),
        reading: text(r.querySelector('.rules-compare-side__reading')),
      }));
    return Array.from(top ? top.querySelectorAll('.rules-compare-row') : []).map((row) => ({
      part: row.getAttribute('data-part'),
      id: row.getAttribute('data-id'),
      mark: row.getAttribute('data-mark'),
      label: text(row.querySelector('.rules-compare-tag')),
      titles: text(row.querySelector('.rules-compare-row__titles')),
      national: rulesOf(row.querySelector('.rules-compare-side--national')),
      regional: rulesOf(row.querySelector('.rules-compare-side--regional')),
      none: Array.from(row.querySelectorAll('.rules-compare-side__none')).map((n) => n.textContent),
      note: text(row.querySelector('.rules-compare-row__note')),
    }));
  })()`);

/** Once the page on top shows `count` rows (a toggle re-renders the list). */
const rowsShown = (page: Page, count: number) =>
  page.waitForFunction(`(() => {
    const pages = Array.from(document.querySelectorAll('.taro_page'));
    const top = pages[pages.length - 1];
    return !!top && top.querySelectorAll('.rules-compare-row').length === ${count};
  })()`);

const expectedRule = (rule: ComparedRule): ShownRule => ({ id: rule.id, description: rule.description, citation: rule.citation, reading: rule.reading ?? null });
const expectedRow = (row: ComparisonRow): ShownRow => ({
  part: row.part,
  id: row.id,
  mark: row.mark,
  label: comparisonMarkLabels[row.mark],
  titles: row.titles.map((t) => titleLabels[t]).join('、'),
  national: row.national.map(expectedRule),
  regional: row.regional ? [expectedRule(row.regional)] : [],
  none: [...(row.national.length === 0 ? ['未规定'] : []), ...(row.regional ? [] : ['未规定'])],
  note: row.note ? `说明：${row.note}` : null,
});

describe('本地办法与全国办法对照 at phone size (375×812)', () => {
  it('opens from 资格自查, shows 广西 beside the national regulation as compareWithFollowed lays it out', async () => {
    const rows = compareWithFollowed(rulesets['guangxi-2021'], rulesets['acftu-2020']);
    const counts = markCounts(rows);
    const different = rows.filter((r) => r.mark !== 'same');
    // The texts say Guangxi differs somewhere, and says much the same elsewhere: both toggles have something to show.
    expect(different.length).toBeGreaterThan(0);
    expect(different.length).toBeLessThan(rows.length);

    const page = await phonePage(browser);
    await page.goto(h5Url());
    await page.locator('.home-link-self-check').first().click({ timeout: 30_000 });
    await shown(page, '.self-check-compare').click({ timeout: 30_000 });
    await shown(page, '.rules-compare-row').first().waitFor({ timeout: 30_000 });
    await arrived(page);

    // From the national regulation, the page opens on the first regional one; pick 广西.
    await expect(shown(page, '.rules-compare-ruleset[data-active="true"]').textContent()).resolves.toBe(rulesets['beijing-2021'].name);
    await shown(page, '.rules-compare-ruleset').filter({ hasText: '广西' }).click();
    await expect(shown(page, '.rules-compare-ruleset[data-active="true"]').textContent()).resolves.toBe(rulesets['guangxi-2021'].name);
    await expect(shown(page, '.rules-compare-note').first().textContent()).resolves.toContain('桂工发〔2021〕8号');

    for (const mark of ['stricter', 'looser', 'changed', 'added', 'notProvided', 'same'] as const) {
      const count = shown(page, `.rules-compare-count[data-mark="${mark}"]`);
      await expect(count.locator('.rules-compare-count__label').textContent()).resolves.toBe(comparisonMarkLabels[mark]);
      await expect(count.locator('.rules-compare-count__value').textContent()).resolves.toBe(String(counts[mark]));
    }

    // 只看不同之处 is the default: every row but the 相同 ones, in the table's order.
    await expect(shown(page, '.rules-compare-shown[data-active="true"]').textContent()).resolves.toBe('只看不同之处');
    await rowsShown(page, different.length);
    await expect(tableOf(page)).resolves.toEqual(different.map(expectedRow));
    await picture(page, 'rules-compare-guangxi-different');

    await shown(page, '.rules-compare-shown[data-value="all"]').click();
    await rowsShown(page, rows.length);
    await expect(tableOf(page)).resolves.toEqual(rows.map(expectedRow));

    await shown(page, '.rules-compare-shown[data-value="different"]').click();
    await rowsShown(page, different.length);
    await expect(tableOf(page)).resolves.toEqual(different.map(expectedRow));

    // One row read as a reader would: 五、（五） narrows 优秀工会之友 to 处级.
    const friend = shown(page, '.rules-compare-row[data-id="friend.cadreRank"]');
    await expect(friend.locator('.rules-compare-tag').textContent()).resolves.toBe('更严');
    await expect(friend.locator('.rules-compare-side--national .rules-compare-side__cite').textContent()).resolves.toBe('总工办发〔2020〕15号 第五条第五款');
    await expect(friend.locator('.rules-compare-side--regional .rules-compare-side__cite').textContent()).resolves.toBe('桂工发〔2021〕8号 五、（五）');
    await friend.scrollIntoViewIfNeeded();
    await picture(page, 'rules-compare-guangxi-friend');
  });
});
