/** Taro's components as plain DOM elements, for page tests (mapped in jest.config.js). */
import type { ReactNode } from 'react'

type Props = { children?: ReactNode; className?: string; onClick?: () => void } & Record<string, unknown>

export const View = ({ children, ...rest }: Props) => <div {...rest}>{children}</div>
export const Text = ({ children, ...rest }: Props) => <span {...rest}>{children}</span>
export const Button = ({ children, ...rest }: Props) => (
  <button type="button" {...rest}>
    {children}
  </button>
)
export const Image = ({ src, ...rest }: Props) => <img src={String(src ?? '')} alt="" {...rest} />
export const ScrollView = ({ children, scrollY: _scrollY, scrollX: _scrollX, ...rest }: Props) => (
  <div {...rest}>{children}</div>
)
type InputProps = { onInput?: (e: { detail: { value: string } }) => void; value?: string } & Record<string, unknown>
export const Input = ({ onInput, value, ...rest }: InputProps) => (
  <input value={value} onChange={(e) => onInput?.({ detail: { value: e.target.value } })} {...rest} />
)
