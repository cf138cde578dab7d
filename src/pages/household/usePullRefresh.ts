/**
 * Pulling a list down asks for it again (the page's config sets `enablePullDownRefresh`). WeChat keeps its
 * spinner until told to stop, so it is stopped once the new answer (or a failure) has arrived: `useCall`
 * keeps showing the old answer while it asks again, so an arrival is a new answer object, not a status.
 */
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useEffect, useRef } from 'react'
import type { Loadable } from '@/services/useCall'

const NOTHING = Symbol('nothing yet')

export function usePullRefresh(state: Loadable<unknown>, reload: () => void): void {
  const arrived: unknown = state.status === 'done' ? state.data : state.status === 'error' ? state.error : undefined
  const waitingSince = useRef<unknown>(NOTHING)

  usePullDownRefresh(() => {
    waitingSince.current = arrived
    reload()
  })

  useEffect(() => {
    if (waitingSince.current === NOTHING || arrived === undefined || arrived === waitingSince.current) return
    waitingSince.current = NOTHING
    Taro.stopPullDownRefresh()
  }, [arrived])
}
