/**
 * `look(page, name)`: what a person would notice on the screen the journey is on, checked in the browser.
 *
 * - axe-core's rules (its source injected into the page): serious and critical violations fail — contrast,
 *   controls without a name, invalid ARIA and the like; moderate and minor ones are not this check's business.
 * - What axe does not check:
 *   - `text-overflow`: text running outside its box (a long Tibetan word in a chip) or outside the viewport;
 *   - `text-clipped`: a box that hides part of its text (a fixed height cutting stacked consonants);
 *   - `bo-font-size`: Tibetan text smaller than the floor below;
 *   - `bo-line-height`: Tibetan text with a line height under 1.6 times its size (stacked consonants and
 *     vowel signs above and below the line need the room; app.css gives 1.9);
 *   - `large-type-unchanged`: text that keeps its size when large type is switched on (compared with the
 *     same element in the last normal-type look of the same language, on the same page);
 *   - `faded-button`: a button drawn faded (opacity, or translucent text) though it is enabled, which reads
 *     as "not available" (Taro H5 greys out `disabled="false"`).
 *
 * It writes `test-results/screenshots/<name>.<lang>[.large].<width>.png` and fails with every finding, each
 * naming its rule and element. Findings listed in KNOWN below are reported but do not fail.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { screenshot } from './support'

/**
 * The smallest Tibetan text, in CSS px. Tibetan letters stand on a head line and hang down from it; at the
 * same font size their body is about two thirds the height of a Chinese character, so Tibetan needs more
 * than Chinese's 16 px body to read alike on a 375 px wide phone. 16 px is the floor for every text role
 * (badges, chips and labels included: households read them too); body text sits above it (17 px). Large
 * type starts at 20 px, where WeChat's own larger font steps start (src/services/settings.ts), so a label
 * that keeps its normal size in large type fails.
 */
export const BO_MIN_PX = 16
export const BO_MIN_LARGE_PX = 20
export const BO_MIN_LINE_HEIGHT = 1.6
/** Large type enlarges every text by at least this factor (the screen's root grows by 1.3). */
export const LARGE_GROWTH = 1.1

export interface Finding {
  /** axe's rule id, or one of this file's own rules */
  rule: string
  /** the element: tag, classes and the start of its text */
  element: string
  detail: string
}

export interface Known {
  /** the screen's name as passed to look(), without language and width */
  screen: string | RegExp
  rule: string
  /** part of the element's description; absent: every element of the rule on that screen */
  element?: string
  /** why it is left for now, and whose it is */
  reason: string
}

/**
 * Findings on screens whose files this check's authors do not own, left for their owners with the reason;
 * each entry matches only its exact screen, rule and element, so anything new still fails.
 */
export const KNOWN: Known[] = []

const axeSource = readFileSync(createRequire(__filename).resolve('axe-core/axe.min.js'), 'utf8')

export interface LookResult {
  path: string
  lang: string
  large: boolean
  width: number
  findings: Finding[]
  known: Finding[]
}

const isKnown = (name: string, finding: Finding) =>
  KNOWN.some(
    (known) =>
      (typeof known.screen === 'string' ? known.screen === name : known.screen.test(name)) &&
      known.rule === finding.rule &&
      (!known.element || finding.element.includes(known.element)),
  )

/** Runs every check on the screen as it is now and writes its screenshot; does not throw. */
export async function inspect(page: Page, name: string): Promise<LookResult> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined))
  const state = await page.evaluate(() => ({
    lang: document.documentElement.lang || 'zh-Hans',
    large: Boolean(document.querySelector('.screen.screen--large')),
    width: window.innerWidth,
  }))
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource)

  const axeFindings = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe
    const result = await axe.run(document, {
      resultTypes: ['violations'],
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    })
    return result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .flatMap((violation) =>
        violation.nodes
          // WCAG 1.4.3 exempts inactive controls from contrast; axe knows a native or aria-disabled control
          // only, not Taro's button element with its `disabled` attribute
          .filter((node) => {
            if (violation.id !== 'color-contrast') return true
            const target = document.querySelector(String(node.target[0] ?? ''))
            const control = target?.closest('taro-button-core, button')
            const off = control?.getAttribute('disabled')
            return off === null || off === undefined || off === 'false'
          })
          .map((node) => ({
            rule: violation.id,
            element: `${node.target.join(' ')} ${JSON.stringify((node.html ?? '').slice(0, 80))}`,
            detail: (node.failureSummary ?? violation.help).replace(/\s+/g, ' ').slice(0, 200),
          })),
      )
  })

  const ownFindings = await page.evaluate(
    ({ minPx, minLargePx, minLineHeight, largeGrowth }) => {
      const findings: { rule: string; element: string; detail: string }[] = []
      const large = Boolean(document.querySelector('.screen.screen--large'))
      const lang = document.documentElement.lang
      const floor = large ? minLargePx : minPx
      const tibetan = /[\u0F00-\u0FFF]/
      const describe = (element: Element) => {
        const classes = [...element.classList].filter((c) => c !== 'hydrated').join('.')
        const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 30)
        return `${element.tagName.toLowerCase()}${classes ? '.' + classes : ''} "${text}"`
      }
      const visible = (element: Element) => {
        if (element.getClientRects().length === 0) return false
        const style = getComputedStyle(element)
        return style.visibility !== 'hidden' && style.display !== 'none'
      }
      const reported = new Map<Element, Set<string>>()
      const report = (element: Element, rule: string, detail: string) => {
        const rules = reported.get(element) ?? new Set<string>()
        if (rules.has(rule)) return
        rules.add(rule)
        reported.set(element, rules)
        findings.push({ rule, element: describe(element), detail })
      }
      // The ink of a run of text, from the font's own measurements: a Tibetan font's line box is much taller
      // than its letters, so the box the layout gives the text says little about what is actually cut off.
      const canvas = document.createElement('canvas').getContext('2d')!
      const ink = (text: string, style: CSSStyleDeclaration) => {
        canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`
        const m = canvas.measureText(text)
        return {
          above: m.fontBoundingBoxAscent - m.actualBoundingBoxAscent,
          below: m.fontBoundingBoxAscent + m.actualBoundingBoxDescent,
        }
      }
      // font sizes seen in normal type, kept on the page so the large-type pass can compare
      const store = window as unknown as { __lookSizes?: WeakMap<Element, { lang: string; size: number }> }
      if (!large) store.__lookSizes = new WeakMap()
      const viewport = document.documentElement.clientWidth
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? ''
        if (!text.trim()) continue
        const parent = node.parentElement
        if (!parent || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(parent.tagName)) continue
        if (!visible(parent)) continue
        const range = document.createRange()
        range.selectNodeContents(node)
        const lines = [...range.getClientRects()].filter((r) => r.width > 0)
        if (lines.length === 0) continue
        const rect = range.getBoundingClientRect()
        const style = getComputedStyle(parent)
        const size = parseFloat(style.fontSize)

        // the nearest box that lays the text out: inline elements wrap, their block decides
        let box: Element = parent
        while (box.parentElement && /^inline$|^contents$/.test(getComputedStyle(box).display)) box = box.parentElement
        const boxRect = box.getBoundingClientRect()
        if (rect.right > viewport + 1 || rect.left < -1) {
          report(
            parent,
            'text-overflow',
            `text at ${Math.round(rect.left)}–${Math.round(rect.right)} px, viewport 0–${viewport}`,
          )
        } else if (rect.right > boxRect.right + 1 || rect.left < boxRect.left - 1) {
          report(
            box,
            'text-overflow',
            `text at ${Math.round(rect.left)}–${Math.round(rect.right)} px, its box ${Math.round(boxRect.left)}–${Math.round(boxRect.right)}`,
          )
        }

        // clipped: the letters' ink reaches outside an ancestor that hides its overflow
        const { above, below } = ink(text.trim(), style)
        const inkTop = lines[0]!.top + above
        const inkBottom = lines[lines.length - 1]!.top + below
        for (let clip: Element | null = parent; clip && clip !== document.body; clip = clip.parentElement) {
          const clipStyle = getComputedStyle(clip)
          if (!/hidden|clip/.test(clipStyle.overflowX + clipStyle.overflowY)) continue
          // a scrolling page or list is not a clip: its content scrolls into view
          if (/auto|scroll/.test(clipStyle.overflowY)) break
          const c = clip.getBoundingClientRect()
          const top = c.top + clip.clientTop
          const bottom = top + clip.clientHeight
          const left = c.left + clip.clientLeft
          const right = left + clip.clientWidth
          if (inkTop < top - 1 || inkBottom > bottom + 1 || rect.left < left - 1 || rect.right > right + 1) {
            report(
              clip,
              'text-clipped',
              `letters at ${Math.round(inkTop)}–${Math.round(inkBottom)} px (×${Math.round(rect.left)}–${Math.round(rect.right)}), shown ${Math.round(top)}–${Math.round(bottom)} (×${Math.round(left)}–${Math.round(right)})`,
            )
          }
          break
        }

        if (tibetan.test(text)) {
          if (size < floor - 0.05)
            report(
              parent,
              'bo-font-size',
              `${size.toFixed(1)} px, at least ${floor} px${large ? ' in large type' : ''}`,
            )
          const lineHeight = style.lineHeight === 'normal' ? NaN : parseFloat(style.lineHeight) / size
          if (!(lineHeight >= minLineHeight - 0.01))
            report(parent, 'bo-line-height', `${style.lineHeight} on ${size.toFixed(1)} px, at least ${minLineHeight}`)
        }
        if (!large) store.__lookSizes!.set(parent, { lang, size })
        else {
          const before = store.__lookSizes?.get(parent)
          if (before && before.lang === lang && size < before.size * largeGrowth)
            report(
              parent,
              'large-type-unchanged',
              `${before.size.toFixed(1)} px in normal type, ${size.toFixed(1)} px in large`,
            )
        }
      }

      // Faded: drawn at reduced opacity, or with translucent text (Taro's disabled look), while enabled.
      for (const button of document.querySelectorAll('button, [role="button"], taro-button-core')) {
        if (!visible(button)) continue
        const off = button.getAttribute('disabled')
        if ((off !== null && off !== 'false') || button.getAttribute('aria-disabled') === 'true') continue
        let opacity = 1
        for (let e: Element | null = button; e; e = e.parentElement) opacity *= parseFloat(getComputedStyle(e).opacity)
        const alpha = /rgba?\([^)]*,\s*([\d.]+)\)/.exec(getComputedStyle(button).color)
        const textAlpha = alpha && getComputedStyle(button).color.startsWith('rgba') ? parseFloat(alpha[1]!) : 1
        if (opacity < 0.95 || textAlpha < 0.95)
          report(button, 'faded-button', `enabled, drawn at opacity ${opacity.toFixed(2)}, text alpha ${textAlpha}`)
      }
      return findings
    },
    { minPx: BO_MIN_PX, minLargePx: BO_MIN_LARGE_PX, minLineHeight: BO_MIN_LINE_HEIGHT, largeGrowth: LARGE_GROWTH },
  )

  const path = await screenshot(page, `${name}.${state.lang}${state.large ? '.large' : ''}.${state.width}`)
  const all = [...axeFindings, ...ownFindings]
  return {
    path,
    ...state,
    findings: all.filter((finding) => !isKnown(name, finding)),
    known: all.filter((finding) => isKnown(name, finding)),
  }
}

export function describeFindings(label: string, findings: Finding[]): string {
  return [
    `${label}: ${findings.length} finding(s)`,
    ...findings.map((f) => `  [${f.rule}] ${f.element} — ${f.detail}`),
  ].join('\n')
}

/** inspect(), failing with every finding that is not known. */
export async function look(page: Page, name: string): Promise<LookResult> {
  const result = await inspect(page, name)
  if (result.findings.length > 0)
    throw new Error(
      describeFindings(`${name} (${result.lang}${result.large ? ', large' : ''}, ${result.width} px)`, result.findings),
    )
  return result
}
