/** Taro's components as plain DOM elements, for page tests (mapped in jest.config.js). */
import type { ReactNode } from 'react'

type Props = { children?: ReactNode; className?: string; onClick?: () => void } & Record<string, unknown>

export const View = ({ children, ...rest }: Props) => <div {...rest}>{children}</div>
export const Text = ({ children, ...rest }: Props) => <span {...rest}>{children}</span>
// WeChat's own attributes (a spinner, a small size) have no DOM meaning; openType is kept as
// `data-open-type`, since a share button is one only by it
export const Button = ({ children, loading: _loading, openType, size: _size, ...rest }: Props) => (
  <button type="button" data-open-type={openType} {...rest}>
    {children}
  </button>
)
export const Image = ({ src, mode: _mode, ...rest }: Props) => <img src={String(src ?? '')} alt="" {...rest} />
export const ScrollView = ({ children, scrollY: _scrollY, scrollX: _scrollX, ...rest }: Props) => (
  <div {...rest}>{children}</div>
)
// a canvas 2d node: drawn through the selector query's node (stubs/taro.tsx), not through the element
export const Canvas = ({ type: _type, ...rest }: Props) => <canvas {...rest} />
type InputProps = {
  onInput?: (e: { detail: { value: string } }) => void
  value?: string
  maxlength?: number
  /** H5 passes them to the inner <input> or <textarea> (an aria-label, since a Text is no <label>) */
  nativeProps?: Record<string, unknown>
} & Record<string, unknown>
export const Input = ({ onInput, value, maxlength, nativeProps, ...rest }: InputProps) => (
  <input
    value={value}
    maxLength={maxlength}
    onChange={(e) => onInput?.({ detail: { value: e.target.value } })}
    {...nativeProps}
    {...rest}
  />
)
export const Textarea = Input
type SwitchProps = { checked?: boolean; onChange?: (e: { detail: { value: boolean } }) => void } & Record<
  string,
  unknown
>
export const Switch = ({ checked, onChange, ...rest }: SwitchProps) => (
  <input
    type="checkbox"
    checked={checked ?? false}
    onChange={(e) => onChange?.({ detail: { value: e.target.checked } })}
    {...rest}
  />
)
type PickerProps = {
  children?: ReactNode
  value?: string
  onChange?: (e: { detail: { value: string } }) => void
} & Record<string, unknown>
/** a picker as the value it holds and the text it shows: tests set the value by typing into it */
export const Picker = ({ children, value, onChange, mode: _mode, ...rest }: PickerProps) => (
  <label {...rest}>
    <input value={value ?? ''} onChange={(e) => onChange?.({ detail: { value: e.target.value } })} />
    {children}
  </label>
)
