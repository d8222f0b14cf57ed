import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/logger.js';
import { teamsTexts } from '../../src/bot/teams/teams-texts.js';
import type { Locale } from '../../src/models/case.js';
import { defaultTransports } from '../../src/transports.js';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  playgroundSkipReason,
  type RunningPlayground,
  startPlayground,
} from '../helpers/teams-playground.js';
import { tempDirs } from '../helpers/temp-dir.js';

const skipReason = playgroundSkipReason();
// The default reporter prints no titles of skipped suites: say why here too.
if (skipReason) console.warn(`SKIPPED the Agents Playground browser test: ${skipReason}`);
const dirs = tempDirs('teams-playground-');
/** Screenshots of the end state, kept for a human to look at. */
const CONFIRMATION_SHOT = path.join(tmpdir(), 'teams-playground-confirmation.png');
const CHANNEL_SHOT = path.join(tmpdir(), 'teams-playground-channel.png');
/** What the page showed when the test failed. */
const FAILURE_SHOT = path.join(tmpdir(), 'teams-playground-failure.png');

const CARD = '.ac-adaptiveCard';
const REGISTERED = /Your case is registered/;
/**
 * What the user types as the short description, which becomes the case's title: with Markdown in it, which every
 * card and message must show as typed (no emphasis, no link, no stray backslash).
 */
const DESCRIPTION = 'The _VPN client_ says the *certificate* has [expired](https://example.org/x)';
/** A link made from the description's Markdown: there must be none. */
const INJECTED_LINK = 'a[href*="example.org"]';
const ANSWER = 'On my laptop at home, since this morning';
/** The faculty answer that routes to the central dispatch group, whose channel the mock team has. */
const CENTRAL = /central administration/i;

/** The intake card waiting for an answer: the last card with a Cancel button. */
function formCard(page: Page): Locator {
  return page
    .locator(CARD)
    .filter({ has: page.getByRole('button', { name: 'Cancel', exact: true }) })
    .last();
}

/** The text of the current form card, or null when there is none. */
async function formText(page: Page): Promise<string | null> {
  const card = formCard(page);
  return (await card.count()) > 0 ? card.textContent() : null;
}

/** Resolves once the current form card changed (the bot answered the click) or the confirmation arrived. */
async function waitForAnswer(page: Page, before: string | null): Promise<void> {
  const confirmation = page.locator(CARD).filter({ hasText: REGISTERED });
  await expect
    .poll(async () => (await confirmation.count()) > 0 || (await formText(page)) !== before, {
      timeout: 30_000,
      interval: 200,
    })
    .toBe(true);
}

/** Fills what the card asks for: empty texts, an unanswered choice list (central administration first), radios. */
async function answerInputs(page: Page, card: Locator): Promise<void> {
  const combos = card.getByRole('combobox');
  for (let i = 0; i < (await combos.count()); i++) {
    const combo = combos.nth(i);
    if ((await combo.inputValue()) !== '') continue;
    await combo.click();
    const options = page.getByRole('option');
    await options.first().waitFor();
    const central = options.filter({ hasText: CENTRAL });
    await ((await central.count()) > 0 ? central.first() : options.first()).click();
  }
  const texts = card.locator('textarea, input[type=text]:not([role=combobox])');
  for (let i = 0; i < (await texts.count()); i++) {
    const text = texts.nth(i);
    if ((await text.isVisible()) && (await text.inputValue()) === '') await text.fill(ANSWER);
  }
  const radios = card.locator('input[type=radio]');
  if ((await radios.count()) > 0 && (await card.locator('input[type=radio]:checked').count()) === 0) {
    await radios.last().check();
  }
}

/** Walks the intake cards from the first question to the registration; returns the confirmation card. */
async function completeIntake(page: Page): Promise<Locator> {
  const confirmation = page.locator(CARD).filter({ hasText: REGISTERED }).first();
  for (let step = 0; step < 30; step++) {
    if ((await confirmation.count()) > 0) return confirmation;
    const card = formCard(page);
    await card.waitFor();
    const before = await card.textContent();
    expect(before, 'the Playground refused the answers on the card').not.toContain('Please fill this in');
    const buttons = (await card.getByRole('button').allInnerTexts()).map((b) => b.trim());
    const choice =
      buttons.find((b) => b === 'Register the case') ??
      buttons.find((b) => /none of these helped/i.test(b)) ??
      buttons.find((b) => b === 'Next');
    if (!choice) throw new Error(`no way forward on the card: ${before}`);
    if (choice === 'Next') await answerInputs(page, card);
    await card.getByRole('button', { name: choice, exact: true }).click();
    await waitForAnswer(page, before);
  }
  throw new Error('the intake did not finish within 30 cards');
}

/** The claim button of a channel card, which speaks the deployment's language (DEFAULT_LOCALE), not the user's. */
const CLAIM: Record<Locale, string> = { da: 'Tag sagen', en: 'Claim' };

/** The whole scenario: report in personal chat, read the case number, find the card in the channel. */
async function reportThroughCards(page: Page, url: string, channelLocale: Locale): Promise<void> {
  await page.goto(url);
  await page.getByText('Personal Chat', { exact: true }).click();
  // The Playground installs the app in the personal chat on every load; the bot answers with its help card. The
  // install comes as two activities at once (installationUpdate, conversationUpdate); the welcome is in the user's
  // language when the bot knows it by then, else in the deployment's default (Danish) — under load, either.
  const welcome = new RegExp(`${teamsTexts.en.helpTitle}|${teamsTexts.da.helpTitle}`);
  await page.locator(CARD).filter({ hasText: welcome }).first().waitFor({ timeout: 60_000 });

  await page.locator('[role=textbox][contenteditable=true]').last().click();
  await page.keyboard.type('new');
  await page.keyboard.press('Enter');
  const first = formCard(page).filter({ hasText: 'Short description' });
  await first.locator('textarea').fill(DESCRIPTION);
  const before = await first.textContent();
  await first.getByRole('button', { name: 'Next', exact: true }).click();
  await waitForAnswer(page, before);

  const confirmation = await completeIntake(page);
  const text = (await confirmation.textContent()) ?? '';
  const number = /INC-\d{6}/.exec(text)?.[0];
  expect(number, text).toBeDefined();
  expect(text).toContain('AU IT Support');
  await confirmation.scrollIntoViewIfNeeded();
  await page.screenshot({ path: CONFIRMATION_SHOT });

  // `mine` lists the case with its title as typed.
  await page.locator('[role=textbox][contenteditable=true]').last().click();
  await page.keyboard.type('mine');
  await page.keyboard.press('Enter');
  // The card titled "Your cases": the help card's "mine: your cases" must not pass for it (a string filter is a
  // case-insensitive substring, and the help card is there first).
  const mine = page
    .locator(CARD)
    .filter({ hasText: /^\s*Your cases/ })
    .last();
  await mine.waitFor({ timeout: 30_000 });
  const listed = (await mine.textContent()) ?? '';
  expect(listed).toContain(`${number} · ${DESCRIPTION}`);
  expect(listed).not.toContain('\\');
  expect(await mine.locator(INJECTED_LINK).count()).toBe(0);

  await page.getByText('IT Support', { exact: true }).click();
  const channelCard = page.locator(CARD).filter({ hasText: number ?? 'INC-' });
  await channelCard.first().waitFor({ timeout: 60_000 });
  const cardText = (await channelCard.first().textContent()) ?? '';
  expect(cardText).toContain(DESCRIPTION);
  expect(cardText).not.toContain('\\');
  expect(await channelCard.first().locator(INJECTED_LINK).count()).toBe(0);
  expect(cardText).toContain(CLAIM[channelLocale]);
  await page.screenshot({ path: CHANNEL_SHOT });
}

describe.skipIf(skipReason !== undefined)(
  `Agents Playground in headless Chromium${skipReason ? ` (SKIPPED: ${skipReason})` : ''}`,
  () => {
    let app: RunningApp | undefined;
    let channelLocale: Locale = 'da';
    let playground: RunningPlayground | undefined;
    let browser: Browser | undefined;

    beforeAll(async () => {
      const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: await dirs.make(), LOG_LEVEL: 'silent' });
      channelLocale = config.defaultLocale;
      app = await startApp(config, {
        logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
        transports: defaultTransports(config),
        dispatchIntervalMs: 100,
      });
      playground = await startPlayground({
        endpoint: `http://127.0.0.1:${app.http.port}/api/messages`,
        workDir: await dirs.make(),
      });
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await playground?.stop();
      await app?.stop();
      await dirs.cleanup();
    }, 60_000);

    it('registers an incident through the intake cards and posts its card to the team channel when a user reports in personal chat', async () => {
      if (!browser || !playground) throw new Error('not started');
      const page = await browser.newPage({ viewport: { width: 1400, height: 1200 } });
      page.setDefaultTimeout(30_000);
      try {
        await reportThroughCards(page, playground.url, channelLocale);
      } catch (err) {
        await page.screenshot({ path: FAILURE_SHOT }).catch(() => undefined);
        throw new Error(`${(err as Error).message}\n(screenshot: ${FAILURE_SHOT})`, { cause: err });
      }
    }, 240_000);
  },
);
