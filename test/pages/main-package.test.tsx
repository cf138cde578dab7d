/**
 * The main package's screens, rendered as they open with data, in Chinese and Tibetan, with only the catalogue
 * areas the main package loads: this file imports no subpackage page, so no staff-only area is registered, and
 * a key of one would reach the screen as the key itself (`t()` falls back to it). None may.
 */
import { render, screen } from '@testing-library/react'
import type { ComponentType } from 'react'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import BindPage from '@/pages/bind/index'
import HouseholdContactsPage from '@/pages/household/contacts/index'
import HouseholdHomePage from '@/pages/household/home/index'
import HouseholdNoticeDetailPage from '@/pages/household/notices/detail'
import HouseholdNoticesPage from '@/pages/household/notices/index'
import MyOfficialsPage from '@/pages/household/officials/index'
import RolesPage from '@/pages/roles/index'
import StartPage from '@/pages/start/index'
import type { ActionOutput } from '@shared/contract'
import { contacts } from '@shared/contracts/contacts'
import { identity } from '@shared/contracts/identity'
import { notices } from '@shared/contracts/notices'
import { registry } from '@shared/contracts/registry'
import type { Lang } from '@shared/i18n'
import { t } from '@shared/i18n'
import { useSettings } from '@/services/settings'
import { feedPage, HOUSEHOLD_ID, householdMe, myHousehold, noticeDetail, OFFICIAL_ID, OFFICIAL_NAME } from './fixtures'
import { freshTaro, on, renderPage } from './helpers'

beforeEach(freshTaro)

/** Every key of every area file, main or staff-only. */
const i18n = join(__dirname, '../../src/shared/i18n')
const allKeys = new Set(
  readdirSync(i18n)
    .filter((file) => file.endsWith('.ts') && !['index.ts', 'all.ts', 'glossary.ts'].includes(file))
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- each area file, found at run time
    .flatMap((file) => Object.keys((require(join(i18n, file)) as { zh: Record<string, string> }).zh)),
)

/** What the screen shows or says: its text, and the placeholders and labels of its controls. */
function shown(): string {
  const attributes = [...document.body.querySelectorAll('*')].flatMap((element) =>
    ['placeholder', 'aria-label', 'title', 'alt'].map((name) => element.getAttribute(name) ?? ''),
  )
  return [document.body.textContent ?? '', ...attributes].join('\n')
}

const rawKeys = (text: string) =>
  [...text.matchAll(/[A-Za-z]+(?:\.[\w-]+)+/g)].map((m) => m[0]).filter((word) => allKeys.has(word))

const visit: ActionOutput<typeof contacts, 'householdContacts'> = {
  contacts: [
    {
      id: '0f8e2c1a-4b3d-4e5f-8a9b-1c2d3e4f5a6b',
      householdId: HOUSEHOLD_ID,
      officialId: OFFICIAL_ID,
      officialName: OFFICIAL_NAME,
      channel: 'visit',
      at: '2026-12-05T02:30:00.000Z',
      topics: ['policy', 'employment'],
      notes: '讲解了医保缴费政策',
      photos: [],
      photoUrls: [],
      needs: ['冬季取暖煤'],
      confirmedAt: null,
      voiceNote: null,
    },
  ],
  more: false,
}

const routes = [
  on(identity, 'me', householdMe),
  on(registry, 'myHousehold', myHousehold),
  on(notices, 'feed', feedPage),
  on(notices, 'open', noticeDetail),
  on(contacts, 'householdContacts', visit),
]

/** a phone not yet bound: the start screen stays (a bound one moves on to its home) */
const unbound = on(identity, 'me', { bound: false, roles: [], cards: [] })

const pages: [string, ComponentType, Record<string, string>, typeof routes][] = [
  ['pages/start/index', StartPage, {}, [...routes, unbound]],
  ['pages/household/home/index', HouseholdHomePage, {}, routes],
  ['pages/bind/index', BindPage, {}, routes],
  ['pages/roles/index', RolesPage, {}, routes],
  ['pages/household/notices/index', HouseholdNoticesPage, {}, routes],
  ['pages/household/notices/detail', HouseholdNoticeDetailPage, { id: 'N1' }, routes],
  ['pages/household/officials/index', MyOfficialsPage, {}, routes],
  ['pages/household/contacts/index', HouseholdContactsPage, {}, routes],
]

test('every main-package page is here', () => {
  const global = globalThis as { defineAppConfig?: (config: { pages: string[] }) => { pages: string[] } }
  global.defineAppConfig = (config) => config
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- read once the global is in place
  const config = (require('@/app.config') as { default: { pages: string[] } }).default
  expect(pages.map(([page]) => page).sort()).toEqual([...config.pages].sort())
})

test('a staff-only key shows as itself here, which is what the check looks for', () => {
  function Probe() {
    const { t } = useSettings()
    return <>{t('registry.import.title')}</>
  }
  render(<Probe />)
  expect(rawKeys(shown())).toEqual(['registry.import.title'])
  expect(screen.getByText('registry.import.title')).toBeTruthy()
})

describe.each<Lang>(['zh-Hans', 'bo'])('in %s', (lang) => {
  test.each(pages)('%s shows no catalogue key', async (_page, Page, params, answers) => {
    await renderPage(Page, { lang, params, routes: answers })
    // opened with its data, not stuck loading or failed (an unanswered call would show the error state)
    expect(shown()).not.toContain(t(lang, 'common.loading'))
    expect(screen.queryByRole('alert')).toBeNull()
    expect(rawKeys(shown())).toEqual([])
  })
})
