/**
 * Personal numbers never leave a function unmasked in a list or summary (PIPL).
 * Masks keep just enough to recognise a number read out on the phone.
 */

/** `13812345678` → `138****5678` */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '')
  if (digits.length < 7) return digits ? '*'.repeat(digits.length) : ''
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`
}

/** `513301199001011234` → `513301********1234`: region kept, birth date hidden */
export function maskIdNumber(id: string): string {
  const value = id.trim().toUpperCase()
  if (value.length < 10) return value ? '*'.repeat(value.length) : ''
  return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`
}

/** True when a string holds what looks like an unmasked mainland mobile or 18-digit ID number. */
export function containsUnmaskedNumber(text: string): boolean {
  return /(?<!\d)1[3-9]\d{9}(?!\d)/.test(text) || /(?<![\dX])\d{17}[\dX](?![\dX])/i.test(text)
}

/** Free text with every mainland mobile and 18-digit ID number in it masked, as lists show them. */
export function maskNumbersInText(text: string): string {
  return text
    .replace(/(?<![\dX])\d{17}[\dX](?![\dX])/gi, (id) => maskIdNumber(id))
    .replace(/(?<!\d)1[3-9]\d{9}(?!\d)/g, (phone) => maskPhone(phone))
}

/**
 * A person's name as a unit sees it before it needs more: the first syllable kept (a Chinese surname, or
 * a Tibetan name's first syllable), the rest starred. `张三丰` → `张**`, `བཀྲ་ཤིས་སྒྲོལ་མ` → `བཀྲ་***`.
 */
export function maskName(name: string): string {
  const value = name.trim()
  if (!value) return ''
  if (/[\u0F00-\u0FFF]/.test(value)) {
    const syllables = value.split(/[་\s]+/).filter(Boolean)
    return syllables.length < 2 ? `${[...value][0]}**` : `${syllables[0]}་${'*'.repeat(syllables.length - 1)}`
  }
  const chars = [...value]
  return `${chars[0]}${'*'.repeat(Math.max(1, chars.length - 1))}`
}
