/**
 * Binding: scan the QR code an official, office or household head shows, or type the 8 digits they read
 * out. The server decides everything (which household or official, expiry, limits, throttling); this
 * screen only shows its answer in the reader's language.
 */
import Taro from '@tarojs/taro'
import { Button, Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import Screen from '@/components/Screen'
import { pick } from '@shared/bilingual'
import type { CallError } from '@/services/cloud'
import { call, toCallError } from '@/services/cloud'
import { ROUTES } from '@/services/routes'
import { useSettings } from '@/services/settings'
import { errorKey } from '@shared/errors'
import type { Lang } from '@shared/i18n'
import { identity } from '@shared/contracts/identity'
import './index.css'
import { offWhen } from '@/components/Form'

type Outcome =
  | { kind: 'idle' }
  | { kind: 'working' }
  | { kind: 'done'; role: 'household' | 'official'; name: string }
  | { kind: 'error'; error: CallError; lang: Lang }

/** `shiliuzi:invite:12345678` (QR) or digits typed with spaces: what the server accepts either way. */
export function codeFromScan(result: string): string | undefined {
  const digits = result.replace(/^shiliuzi:invite:/, '').replace(/[\s-]/g, '')
  return /^\d{8}$/.test(digits) ? digits : undefined
}

/** Shown as `1234 5678` while typing, as it is read out. */
export function groupDigits(value: string): string {
  const digits = value.replace(/\D/g, '').slice(0, 8)
  return digits.length > 4 ? `${digits.slice(0, 4)} ${digits.slice(4)}` : digits
}

export default function BindPage() {
  const { lang, t } = useSettings()
  const [code, setCode] = useState('')
  const [scanFailed, setScanFailed] = useState(false)
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' })

  async function redeem(value: string) {
    setOutcome({ kind: 'working' })
    try {
      const res = await call(identity, 'redeemInvite', { code: value })
      const role = res.grant.role === 'official' ? 'official' : 'household'
      setOutcome({ kind: 'done', role, name: pick(res.name, lang) })
    } catch (error) {
      setOutcome({ kind: 'error', error: toCallError(error, lang), lang })
    }
  }

  async function scan() {
    setScanFailed(false)
    try {
      const res = await Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] })
      const scanned = codeFromScan(res.result ?? '')
      if (!scanned) return setScanFailed(true)
      setCode(scanned)
      await redeem(scanned)
    } catch {
      // Cancelled, or no camera (H5 in a desktop browser): typing the code still works.
      setScanFailed(true)
    }
  }

  if (outcome.kind === 'done') {
    return (
      <Screen title="bind.title">
        <View className="card bind__done" data-testid="bind-done">
          <Text className="section-title">
            {t(outcome.role === 'official' ? 'bind.doneOfficial' : 'bind.doneHousehold', { name: outcome.name })}
          </Text>
          <Button className="bind__action" onClick={() => Taro.reLaunch({ url: ROUTES.start })}>
            {t('bind.continue')}
          </Button>
        </View>
      </Screen>
    )
  }

  const error = outcome.kind === 'error' ? outcome : undefined
  const message = error
    ? error.lang === lang
      ? error.error.message
      : t(error.error.reason ?? errorKey(error.error.code))
    : undefined
  const field = error?.error.details?.[0]?.message

  return (
    <Screen title="bind.title">
      <View className="card bind__form">
        <Text>{t('bind.intro')}</Text>
        <Button className="bind__action" onClick={scan} data-testid="bind-scan">
          {t('bind.scan')}
        </Button>
        {scanFailed && <Text className="bind__hint">{t('bind.scanFailed')}</Text>}
        <Text className="card__label">{t('bind.codeLabel')}</Text>
        {/* Digits only in the field (a numeric keypad on phones; `number` inputs refuse spaces), grouped
            4-4 beneath it, as it is read out on the phone. */}
        <Input
          className="bind__code"
          type="number"
          maxlength={8}
          value={code}
          placeholder={t('bind.codePlaceholder')}
          onInput={(e) => setCode(e.detail.value.replace(/\D/g, '').slice(0, 8))}
          data-testid="bind-code"
        />
        {code.length > 4 && <Text className="bind__grouped">{groupDigits(code)}</Text>}
        {message && (
          <View className="bind__error" role="alert" data-code={error?.error.code} data-reason={error?.error.reason}>
            <Text>{field ?? message}</Text>
          </View>
        )}
        <Button
          className="bind__action"
          disabled={offWhen(outcome.kind === 'working' || code.length !== 8)}
          onClick={() => redeem(code)}
          data-testid="bind-submit"
        >
          {t(outcome.kind === 'working' ? 'bind.working' : 'bind.submit')}
        </Button>
      </View>
    </Screen>
  )
}
