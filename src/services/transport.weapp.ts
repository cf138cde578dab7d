/**
 * weapp transport: WeChat Cloud's `callFunction`. The cloud passes the caller's openid to the function
 * itself (`cloud.getWXContext()`), so nothing about identity travels in the event.
 */
import Taro from '@tarojs/taro'
import type { CallEvent } from '../shared/contract'
import { TransportError } from './transport-error'

export async function send(name: string, event: CallEvent): Promise<unknown> {
  let response: { result?: unknown }
  try {
    response = (await Taro.cloud.callFunction({ name, data: event as unknown as Record<string, unknown> })) as {
      result?: unknown
    }
  } catch (error) {
    const message = String((error as { errMsg?: string })?.errMsg ?? error)
    // `request:fail` and timeouts mean the device could not reach the cloud (herders on weak signal);
    // anything else (function missing, crashed, over its time limit) is the cloud's failure.
    const network = /request:fail|timeout|network|offline/i.test(message)
    throw new TransportError(network ? 'network' : 'function', message)
  }
  return response.result
}
