import * as v from 'valibot'
import { parseInput, validate } from '@shared/contract'
import { AppError, isErrorShape } from '@shared/errors'

const schema = v.object({
  name: v.pipe(v.string(), v.minLength(1, 'validation.required')),
  phone: v.pipe(v.string(), v.regex(/^1[3-9]\d{9}$/, 'validation.phone')),
})

describe('one schema for the form and the function', () => {
  it('accepts valid input and returns it', () => {
    expect(parseInput(schema, { name: '扎西', phone: '13812345678' }, 'zh-Hans')).toEqual({
      name: '扎西',
      phone: '13812345678',
    })
  })

  it('reports each bad field by path, in Chinese', () => {
    const result = validate(schema, { name: '', phone: '123' }, 'zh-Hans')
    expect(result).toEqual({
      ok: false,
      issues: [
        { path: 'name', message: '必填' },
        { path: 'phone', message: '手机号码格式不正确' },
      ],
    })
  })

  it('reports the same fields in Tibetan', () => {
    const result = validate(schema, { name: '', phone: '123' }, 'bo')
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.issues.map((issue) => issue.message)).toEqual(['ངེས་པར་དུ་འབྲི་དགོས།', 'ཁ་པར་ཨང་གྲངས་ནོར་འདུག'])
  })

  // Found by the fuzzing (test/functions/fuzz): a too-long id was answered '最多 {max} 个字'.
  it('names the bound a length check failed', () => {
    const long = v.object({ id: v.pipe(v.string(), v.maxLength(64, 'validation.tooLong')) })
    const zh = validate(long, { id: 'x'.repeat(65) }, 'zh-Hans')
    expect(zh).toEqual({ ok: false, issues: [{ path: 'id', message: '最多 64 个字' }] })
    const bo = validate(long, { id: 'x'.repeat(65) }, 'bo')
    expect(bo.ok === false && bo.issues[0]!.message).toBe('ཡི་གེ་ 64 ལས་མང་བ་མི་ཆོག')
  })

  it('uses a generic message when a schema carries no catalogue key', () => {
    const result = validate(v.object({ age: v.number() }), { age: 'x' }, 'zh-Hans')
    expect(result).toEqual({ ok: false, issues: [{ path: 'age', message: '格式不正确' }] })
  })

  it('throws INVALID_ARGUMENT with the field issues from the function side', () => {
    let caught: unknown
    try {
      parseInput(schema, { name: '卓玛' }, 'zh-Hans')
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(AppError)
    const shape = (caught as AppError).toShape('zh-Hans')
    expect(shape.code).toBe('INVALID_ARGUMENT')
    expect(shape.message).toBe('填写的内容有误，请检查后再试')
    expect(shape.details).toEqual([{ path: 'phone', message: '格式不正确' }])
    expect(isErrorShape(shape)).toBe(true)
  })
})

describe('typed errors', () => {
  it('fills parameters into the message in the caller language', () => {
    const error = new AppError('INVALID_ARGUMENT', 'error.unknownAction', { action: 'drop' })
    expect(error.toShape('zh-Hans')).toEqual({
      code: 'INVALID_ARGUMENT',
      message: '不支持的操作：drop',
      reason: 'error.unknownAction',
    })
    expect(error.toShape('bo').message).toBe('རྒྱབ་སྐྱོར་མེད་པའི་བྱ་བ། drop')
  })

  it('recognises only shapes with a known code', () => {
    expect(isErrorShape({ code: 'FORBIDDEN', message: '没有权限进行此操作' })).toBe(true)
    expect(isErrorShape({ code: 'NOPE', message: 'x' })).toBe(false)
    expect(isErrorShape(null)).toBe(false)
  })
})
