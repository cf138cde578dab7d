/**
 * What the office home adds under the roles (MeSummary names each role's region and level) and above the
 * ways into the work: what waits for the person signed in — notices to review (reviewers), their office's notices waiting for
 * review or for publishing, and their roster imports waiting to be checked or committed. Each count opens
 * the screen where it is dealt with; nothing here ranks or times anyone.
 */
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import type { RoleGrant } from '@shared/contracts/identity'
import { notices } from '@shared/contracts/notices'
import { importWaiting, registry } from '@shared/contracts/registry'
import type { MessageKey } from '@shared/i18n'
import { PREFECTURE } from '../roster/office'
import './index.css'

interface Todo {
  key: MessageKey
  count: number
  url: string
}

/** The office region the home speaks for: the office grant's, or the prefecture for an administrator. */
function officeRegionOf(roles: readonly RoleGrant[]): string | undefined {
  const office = roles.find((g) => g.role === 'office')
  if (office?.role === 'office') return office.region
  return roles.some((g) => g.role === 'admin') ? PREFECTURE : undefined
}

/** The counts of what waits, each from the call that lists it; a role the person lacks asks nothing. */
function useTodos(roles: readonly RoleGrant[]) {
  const region = officeRegionOf(roles)
  const office = roles.some((g) => g.role === 'office')
  const reviewer = roles.some((g) => g.role === 'reviewer')
  return useCall(async (): Promise<Todo[]> => {
    const [queue, mine, imports] = await Promise.all([
      reviewer ? call(notices, 'queue', {}) : undefined,
      office ? call(notices, 'mine', {}) : undefined,
      region ? call(registry, 'importJobs', { region }) : undefined,
    ])
    const items = mine?.items ?? []
    const waiting = (status: 'submitted' | 'approved') =>
      items.filter((n) => n.status === status || n.pendingStatus === status).length
    const todos: Todo[] = [
      { key: 'registry.home.review', count: queue?.items.length ?? 0, url: '/pages/office/notices/queue' },
      { key: 'registry.home.submitted', count: waiting('submitted'), url: '/pages/office/notices/index' },
      { key: 'registry.home.approved', count: waiting('approved'), url: '/pages/office/notices/index' },
      {
        key: 'registry.home.imports',
        count: imports?.jobs.filter((j) => importWaiting(j)).length ?? 0,
        url: '/pages/office/roster/index',
      },
    ]
    return todos.filter((todo) => todo.count > 0)
  }, [region, office, reviewer])
}

function TodoCard({ roles }: { roles: readonly RoleGrant[] }) {
  const { t } = useSettings()
  const todos = useTodos(roles)
  return (
    <View className="card office-today__todo" data-testid="office-todo">
      <Text className="card__label">{t('registry.home.todo')}</Text>
      <Loaded state={todos}>
        {(list) =>
          list.length === 0 ? (
            <Text data-testid="todo-none">{t('registry.home.nothing')}</Text>
          ) : (
            <>
              {list.map((todo) => (
                <View
                  key={todo.key}
                  className="office-today__item"
                  data-todo={todo.key}
                  onClick={() => void Taro.navigateTo({ url: todo.url })}
                >
                  <Text className="office-today__text">{t(todo.key, { count: todo.count })}</Text>
                  <Text className="home-link__arrow">›</Text>
                </View>
              ))}
            </>
          )
        }
      </Loaded>
    </View>
  )
}

export default function Today({ roles }: { roles: readonly RoleGrant[] }) {
  return <TodoCard roles={roles} />
}
