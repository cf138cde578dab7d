/**
 * An issued invitation as the issuer shows it: the QR code to scan, the 8 digits grouped `1234 5678` in
 * large type to read out on the phone, whom it is for and until when it works. The plain code is
 * returned only once by the server, so this card is the only place the issuer ever sees it.
 */
import Taro from '@tarojs/taro'
import { Button, Image, Text, View } from '@tarojs/components'
import qrcode from 'qrcode-generator'
import { useMemo, useState } from 'react'
import { chinaDateTime } from '@shared/time'
import { useSettings } from '@/services/settings'
import './index.css'

export interface IssuedInvite {
  code: string
  display: string
  qr: string
  expiresAt: string
}

/** `12345678` → `1234 5678`, the way it is read out. */
export function groupCode(code: string): string {
  const digits = code.replace(/\D/g, '')
  return digits.length > 4 ? `${digits.slice(0, 4)} ${digits.slice(4)}` : digits
}

/**
 * A GIF data URL: `<Image>` shows it on weapp and H5 alike, with no canvas and no file written.
 * Level M survives a phone screen photographed under glare; the payload is short, so the code stays small.
 */
export function qrDataUrl(payload: string): string {
  const qr = qrcode(0, 'M')
  qr.addData(payload)
  qr.make()
  return qr.createDataURL(8, 4)
}

/** `forText`: whom it binds, already worded by the screen ("join X's household", "bind as official X"). */
export default function InviteCard({ invite, forText }: { invite: IssuedInvite; forText: string }) {
  const { t } = useSettings()
  const [copied, setCopied] = useState(false)
  const src = useMemo(() => qrDataUrl(invite.qr), [invite.qr])

  async function copy() {
    try {
      await Taro.setClipboardData({ data: invite.code })
      setCopied(true)
    } catch {
      // Refused clipboard (some H5 browsers without a user gesture): the code is on screen to read anyway.
      setCopied(false)
    }
  }

  return (
    <View className="card invite-card" data-testid="invite-card">
      <Text className="invite-card__for">{forText}</Text>
      <Image className="invite-card__qr" src={src} mode="aspectFit" data-testid="invite-qr" />
      <Text className="invite-card__code" data-testid="invite-code">
        {groupCode(invite.code)}
      </Text>
      <Text className="invite-card__expires">{t('invite.expiresAt', { time: chinaDateTime(invite.expiresAt) })}</Text>
      <Text className="invite-card__hint">{t('invite.readOut')}</Text>
      <Button className="invite-card__copy" onClick={copy} data-testid="invite-copy">
        {t(copied ? 'invite.copied' : 'invite.copy')}
      </Button>
    </View>
  )
}
