import * as v from 'valibot'
import { call, CallError } from '@/services/cloud'
import { action, defineFunction } from '@shared/contract'
import { taroStub } from '../stubs/taro'
import { freshTaro, reply } from '../helpers'

const notes = defineFunction('notes', {
  add: action({
    input: v.object({ text: v.pipe(v.string(), v.minLength(1, 'validation.required')) }),
    output: v.object({ id: v.string() }),
    roles: ['household'],
    scope: 'self',
  }),
})

beforeEach(freshTaro)

async function failure(promise: Promise<unknown>): Promise<CallError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof CallError) return error
    throw error
  }
  throw new Error('expected the call to fail')
}

test('sends the event WeChat expects and returns the data', async () => {
  taroStub.callFunction.mockReturnValue(reply({ ok: true, data: { id: 'n1' } }))
  await expect(call(notes, 'add', { text: 'hello' })).resolves.toEqual({ id: 'n1' })
  expect(taroStub.callFunction).toHaveBeenCalledWith({
    name: 'notes',
    data: { action: 'add', data: { text: 'hello' }, lang: 'zh-Hans' },
  })
})

test('input the schema rejects never leaves the phone, and says which field is wrong', async () => {
  const error = await failure(call(notes, 'add', { text: '' }, { lang: 'bo' }))
  expect(error.code).toBe('INVALID_ARGUMENT')
  expect(error.message).toBe('འབྲི་བའི་ནང་དོན་ལ་ནོར་འཁྲུལ་འདུག ཞིབ་བཤེར་བྱས་རྗེས་ཡང་བསྐྱར་ཚོད་ལྟ་གནང་རོགས།')
  expect(error.details).toEqual([{ path: 'text', message: 'ངེས་པར་དུ་འབྲི་དགོས།' }])
  expect(taroStub.callFunction).not.toHaveBeenCalled()
})

test('a typed error from the function arrives with its code, message, reason and details', async () => {
  taroStub.callFunction.mockReturnValue(
    reply({ ok: false, error: { code: 'CONFLICT', message: '内容已被修改，请刷新后再试', reason: 'error.CONFLICT' } }),
  )
  const error = await failure(call(notes, 'add', { text: 'x' }))
  expect(error.toShape()).toEqual({ code: 'CONFLICT', message: '内容已被修改，请刷新后再试', reason: 'error.CONFLICT' })
})

test('a function that crashed (no CallResult) is INTERNAL, a lost network UNAVAILABLE', async () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
  taroStub.callFunction.mockRejectedValueOnce({ errMsg: 'cloud.callFunction:fail -504002 functions execute fail' })
  expect((await failure(call(notes, 'add', { text: 'x' }))).code).toBe('INTERNAL')
  taroStub.callFunction.mockReturnValueOnce(reply(undefined))
  expect((await failure(call(notes, 'add', { text: 'x' }))).code).toBe('INTERNAL')
  taroStub.callFunction.mockRejectedValueOnce({ errMsg: 'cloud.callFunction:fail request:fail' })
  const offline = await failure(call(notes, 'add', { text: 'x' }))
  expect(offline.code).toBe('UNAVAILABLE')
  expect(offline.message).toBe('网络不可用，请稍后再试')
  warn.mockRestore()
})
