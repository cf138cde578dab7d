/**
 * Opportunities for members on the office home (issue 16 item 6 on issue 15's glance): the region's
 * recommendations, applications, hires and enrolments in the month, each beside the month before, in both
 * languages; a department's home has none, and nothing names an official.
 */
import { screen } from '@testing-library/react'
import OfficeHomePage from '@/pages/office/home/index'
import { dashboard } from '@shared/contracts/dashboard'
import { identity } from '@shared/contracts/identity'
import { notices } from '@shared/contracts/notices'
import { registry } from '@shared/contracts/registry'
import { adminMe, officeMe } from '../../fixtures'
import { bo, freshTaro, on, renderPage, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'
import { countyHome, departmentHome } from './fixtures'

beforeEach(freshTaro)

const idle = [
  on(notices, 'queue', { items: [] }),
  on(notices, 'mine', { items: [], more: false }),
  on(registry, 'importJobs', { jobs: [] }),
]

const text = (id: string) => screen.getByTestId(id).textContent

test.each([
  ['zh-Hans', zh],
  ['bo', bo],
] as const)('in %s each of the region’s opportunity figures stands beside last month’s', async (lang, t) => {
  await renderPage(OfficeHomePage, {
    lang,
    routes: [on(identity, 'me', officeMe), on(dashboard, 'home', countyHome), ...idle],
  })
  expect(text('figure-opportunities')).toContain(t('dashboard.opportunities.title'))
  expect(text('figure-opportunities')).toContain(t('dashboard.opportunities.note'))
  expect(text('opportunities-recommended')).toBe(
    `${t('dashboard.opportunities.recommended')}14${t('dashboard.previous', { value: '9' })} (+5)`,
  )
  expect(text('opportunities-applied')).toBe(
    `${t('dashboard.opportunities.applied')}6${t('dashboard.previous', { value: '6' })} (±0)`,
  )
  expect(text('opportunities-hired')).toBe(
    `${t('dashboard.opportunities.hired')}3${t('dashboard.previous', { value: '1' })} (+2)`,
  )
  expect(text('opportunities-enrolled')).toBe(
    `${t('dashboard.opportunities.enrolled')}2${t('dashboard.previous', { value: '0' })} (+2)`,
  )
  // the group opens the region's opportunities and their counts by region
  await tap(screen.getByTestId('figure-opportunities'))
  expect(taroStub.navigations.map((n) => n.url)).toEqual(['/pages/office/exchange/opportunities'])
})

test('a department’s home has no opportunities group', async () => {
  const departmentMe = {
    ...adminMe,
    roles: [{ role: 'department' as const, departmentId: departmentHome.key }],
    cards: [
      {
        key: `department:${departmentHome.key}`,
        grant: { role: 'department' as const, departmentId: departmentHome.key },
        label: departmentHome.name,
        regionNames: [],
        department: { id: departmentHome.key, name: departmentHome.name },
      },
    ],
  }
  await renderPage(OfficeHomePage, {
    routes: [on(identity, 'me', departmentMe), on(dashboard, 'home', departmentHome), ...idle],
  })
  expect(screen.getByTestId('glance')).toBeTruthy()
  expect(screen.queryByTestId('figure-opportunities')).toBeNull()
})
