// The flows that take a scenario out of the tab, each in a browser context of its own (so its
// storage starts empty): a share link that reproduces the sender's numbers, a reload that
// restores work, a broken link and broken storage that are reported while the page stays
// usable, the app served from a sub-path, the embedded view at 320 and 1024 px, and the
// JavaScript API's example page. Run by e2e.mjs after its main flow, with its helpers:
//
//   t.fresh(viewport) -> { context, page }   a guarded context (nothing may leave 127.0.0.1)
//   t.base, t.cli, t.target, t.subPath       where the app is, the CLI, target/, the sub-path
//   t.check, t.ok, t.note, t.settled, t.tid  as in e2e.mjs
//
// Contract (data-testid) beyond e2e.mjs's:
//   [data-testid=share]            <details> "Share & save"; [data-testid=share-link] <input>
//   [data-testid=save-name], [data-testid=save-as], [data-testid=saved-scenario] (one per name)
//   [data-testid=notice]           data-problem = true|false, one per message on screen
//   [data-testid=embed]            the embedded view; [data-testid=open-in-app] <a>
//   [data-testid=api-digest], [data-testid=api-mount], body[data-report] on api-example.html

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export async function shareFlows(t) {
  const { check, ok, tid, settled } = t;
  const digestOf = async (page) => (await page.locator(tid('digest')).textContent()).trim();
  const notices = async (page) =>
    page.$$eval(tid('notice'), (els) =>
      els.map((el) => ({ problem: el.getAttribute('data-problem') === 'true', text: el.textContent })),
    );
  const cliSimulate = (scenario, trials, seed) =>
    JSON.parse(
      execFileSync(t.cli, ['simulate', scenario, '--trials', String(trials), '--seed', String(seed)], {
        maxBuffer: 256 << 20,
      }).toString('utf8'),
    );
  const noSidewaysScroll = async (page, what) => {
    const { scroll, client } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    check(scroll <= client, `${what}: no sideways scroll (${scroll} px of content in ${client} px)`);
  };

  // 1. A share link carries a non-trivial scenario to another browser, digest for digest, and
  //    the CLI reads the same link to the same digest.
  let link;
  let sent;
  {
    const { context, page } = await t.fresh();
    await page.goto(t.base);
    let st = await settled(page, -1, 'share: first projection');
    await page.selectOption(tid('preset-select'), 'siloed');
    st = await settled(page, st.revision, 'share: siloed preset');
    const threshold = page.locator(tid('threshold-input'));
    await threshold.fill('63');
    await threshold.blur();
    st = await settled(page, st.revision, 'share: threshold 63');
    await page.locator('[role=tab]', { hasText: 'Process' }).click();
    const sla = page.locator(tid('response-sla'));
    await sla.fill('20');
    await sla.blur();
    st = await settled(page, st.revision, 'share: SLA 20 min');
    const d = page.locator(tid('digest'));
    sent = {
      digest: await digestOf(page),
      trials: await d.getAttribute('data-trials'),
      seed: await d.getAttribute('data-seed'),
    };
    await page.locator(`${tid('share')} > summary`).click();
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.value.includes('#scenario=z'),
      tid('share-link'),
      { timeout: 10_000 },
    );
    link = await page.inputValue(tid('share-link'));
    check(link.startsWith(t.base), `the share link is on this page: ${link.slice(0, 60)}…`);
    ok(`share link of siloed teams, threshold 63, SLA 20 min: ${link.length} characters`);
    const cli = cliSimulate(link, sent.trials, sent.seed);
    check(cli.digest === sent.digest, `\`funnel-lab simulate LINK\` gives the sender's digest ${sent.digest}`, `CLI ${cli.digest}`);
    await context.close();
  }
  {
    const { context, page } = await t.fresh();
    await page.goto(link);
    await settled(page, -1, 'share: the link opened elsewhere');
    const got = await digestOf(page);
    check(got === sent.digest, `the link opens to the same digest in a new browser: ${got}`, `sent ${sent.digest}`);
    check(!page.url().includes('#scenario='), 'and the address drops the scenario once it is open');
    check((await page.inputValue(tid('threshold-input'))) === '63', 'with the threshold the sender set');
    await context.close();
  }

  // 2. A reload brings back the work, its undo steps and the saved scenarios.
  {
    const { context, page } = await t.fresh();
    await page.goto(t.base);
    let st = await settled(page, -1, 'reload: first projection');
    const threshold = page.locator(tid('threshold-input'));
    const was = await threshold.inputValue();
    await threshold.fill('71');
    await threshold.blur();
    st = await settled(page, st.revision, 'reload: threshold 71');
    const before = await digestOf(page);
    await page.locator(`${tid('share')} > summary`).click();
    await page.fill(tid('save-name'), 'Workshop pick');
    await page.click(tid('save-as'));
    check((await page.locator(tid('saved-scenario')).count()) === 1, 'a scenario is saved by name');
    await page.reload();
    st = await settled(page, -1, 'reload: restored');
    check((await threshold.inputValue()) === '71', 'after a reload the threshold is still 71');
    check((await digestOf(page)) === before, `and the numbers are the same (digest ${before})`);
    const said = await notices(page);
    check(said.some((n) => !n.problem && /restored/.test(n.text)), 'the page says it restored the work', JSON.stringify(said));
    await page.locator(`${tid('share')} > summary`).click();
    const saved = await page.locator(tid('saved-scenario')).allTextContents();
    check(saved.length === 1 && saved[0].includes('Workshop pick'), `the saved scenario survives the reload: ${saved}`);
    // The hand-out: on paper, the summary alone.
    await page.emulateMedia({ media: 'print' });
    const paper = await page.evaluate(() => ({
      summary: getComputedStyle(document.querySelector('[data-testid=print-summary]')).display,
      page: getComputedStyle(document.querySelector('[data-testid=summary]')).display,
      text: document.querySelector('[data-testid=print-summary]').innerText,
    }));
    check(paper.summary !== 'none' && paper.page === 'none', 'printed, the page is the one-page summary');
    check(/at least 71 points/.test(paper.text) && /9 runs in 10 between/i.test(paper.text) && /Readiness: \d of 5/.test(paper.text),
      'with the decision, the projection with its bands and the checklist', paper.text.slice(0, 200));
    const pdf = await page.pdf({ path: join(t.target, 'print-summary.pdf'), format: 'A4' });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    check(pages === 1, `and it fits one A4 page (target/print-summary.pdf has ${pages})`);
    await page.emulateMedia({ media: 'screen' });
    await page.keyboard.press('Escape');
    check(!(await page.locator(tid('share')).evaluate((d) => d.open)), 'Escape closes the share panel');
    await page.click(tid('undo'));
    await settled(page, st.revision, 'reload: undo after reload');
    check((await threshold.inputValue()) === was, `undo after the reload goes back to threshold ${was}`);
    await context.close();
  }

  // 3. A damaged link and damaged storage: one message each, the page works on.
  {
    const { context, page } = await t.fresh();
    await page.goto(`${t.base}#scenario=z2.bm90IGEgc2NlbmFyaW8`);
    let st = await settled(page, -1, 'broken link: the page still runs');
    const said = await notices(page);
    check(
      said.length === 1 && said[0].problem && /The link could not be opened: /.test(said[0].text),
      `a damaged link is reported: ${said[0]?.text}`,
      JSON.stringify(said),
    );
    const threshold = page.locator(tid('threshold-input'));
    await threshold.fill('58');
    await threshold.blur();
    st = await settled(page, st.revision, 'broken link: an edit after it');
    ok('and the page takes edits after it');

    await page.evaluate(() => localStorage.setItem('funnel-lab.working', '{"version":1,"preset":"default","scen'));
    await page.goto(t.base);
    await settled(page, -1, 'broken storage: the page still runs');
    const again = await notices(page);
    check(
      again.some((n) => n.problem && /could not be read/.test(n.text) && /funnel-lab\.working\.set-aside/.test(n.text)),
      'damaged storage is reported, naming where it was kept',
      JSON.stringify(again),
    );
    const aside = await page.evaluate(() => localStorage.getItem('funnel-lab.working.set-aside'));
    check(aside?.endsWith('"scen'), 'and the damaged text is kept, not dropped');
    await page.locator(tid('notice')).first().locator('button').click();
    check((await page.locator(tid('notice')).count()) === again.length - 1, 'a notice can be dismissed');
    await context.close();
  }

  // 4. The same build served from a sub-path: every file comes from under it.
  {
    const { context, page } = await t.fresh();
    const under = `${new URL(t.base).origin}${t.subPath}/`;
    const strays = [];
    context.on('request', (r) => {
      const url = r.url();
      if (url.startsWith(new URL(t.base).origin) && !url.startsWith(under)) strays.push(url);
    });
    await page.goto(under);
    await settled(page, -1, `sub-path ${t.subPath}: first projection`);
    const first = await digestOf(page);
    const cli = cliSimulate(
      join(t.target, 'e2e-default.json'),
      await page.locator(tid('digest')).getAttribute('data-trials'),
      await page.locator(tid('digest')).getAttribute('data-seed'),
    );
    check(first === cli.digest, `served from ${t.subPath}/ the app runs to the CLI's digest ${first}`);
    check(strays.length === 0, `and loads nothing from outside ${t.subPath}/`, strays.join(', '));
    await context.close();
  }

  // 5. The embedded view at 320 and 1024 px, with controls, opening the full app.
  {
    const token = link.split('#scenario=')[1];
    const url = `${t.base}?embed#scenario=${token}&controls=threshold,sla`;
    const { context, page } = await t.fresh({ width: 320, height: 900 });
    await page.goto(url);
    let st = await settled(page, -1, 'embed at 320 px');
    check((await page.locator(tid('embed')).count()) === 1, 'the embedded view renders');
    check((await digestOf(page)) === sent.digest, `with the linked scenario's digest ${sent.digest}`);
    check((await page.locator(tid('threshold-input')).count()) === 1 && (await page.locator(tid('response-sla')).count()) === 1,
      'and the two controls its author chose');
    check((await page.locator(tid('preset-select')).count()) === 0, 'and not the full workbench');
    await noSidewaysScroll(page, 'embed at 320 px');
    await page.screenshot({ path: join(t.target, 'embed-320.png'), fullPage: true });
    const open = await page.getAttribute(tid('open-in-app'), 'href');
    check(open.includes('#scenario=z') && !open.includes('embed'), `"Open in Funnel Lab" links to the full app: ${open.slice(0, 50)}…`);
    const threshold = page.locator(tid('threshold-input'));
    await threshold.fill('45');
    await threshold.blur();
    st = await settled(page, st.revision, 'embed: threshold 45');
    check((await digestOf(page)) !== sent.digest, 'a reader can move the threshold and the numbers follow');
    check(await page.evaluate(() => localStorage.length === 0), 'the embedded view stores nothing');
    await page.setViewportSize({ width: 1024, height: 800 });
    await noSidewaysScroll(page, 'embed at 1024 px');
    await page.screenshot({ path: join(t.target, 'embed-1024.png'), fullPage: true });
    ok(`screenshots: ${join(t.target, 'embed-320.png')}, embed-1024.png`);
    await context.close();
  }

  // 6. The JavaScript API's example page: its numbers are the CLI's.
  {
    const { context, page } = await t.fresh();
    await page.goto(`${t.base}api-example.html`);
    await page.waitForFunction(() => document.body.dataset.report || !document.getElementById('api-error').hidden, null, {
      timeout: 60_000,
    });
    const error = await page.locator('#api-error').textContent();
    check(!(await page.locator('#api-error').isVisible()), 'the API example runs', error);
    const report = JSON.parse(await page.evaluate(() => document.body.dataset.report));
    const cli = cliSimulate(join(t.target, 'e2e-aligned.json'), 300, 7);
    check(report.digest === cli.digest, `simulate("aligned", {trials: 300, seed: 7}) equals the CLI: ${report.digest}`, `CLI ${cli.digest}`);
    check(report.sqls === cli.metrics.sqls.mean && report.revenue === cli.metrics.revenue.mean,
      `and so do its SQLs (${report.sqls}) and revenue (${report.revenue})`);
    check((await page.textContent(tid('api-digest'))).trim() === cli.digest, 'the page shows that digest');
    await page.waitForSelector(`${tid('api-mount')} [data-testid=status][data-phase=ready]`, { timeout: 60_000 });
    check((await page.locator(`${tid('api-mount')} ${tid('threshold-input')}`).count()) === 1, 'mount() shows the live view with its controls');
    await page.screenshot({ path: join(t.target, 'api-example.png'), fullPage: true });
    await context.close();
  }
}
