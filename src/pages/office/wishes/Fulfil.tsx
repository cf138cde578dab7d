/** Marking a claimed wish delivered, with an optional note the household and the office read. */
import { Button, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import type { WishItem } from '@shared/contracts/wishes'
import { WISH_NOTE_MAX, wishes } from '@shared/contracts/wishes'

export default function Fulfil({ item, onDone }: { item: WishItem; onDone: (w: WishItem) => void }) {
  const { t } = useSettings()
  const issues = useFormIssues()
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const fulfil = async () => {
    setBusy(true)
    issues.clear()
    try {
      const res = await call(wishes, 'fulfil', { id: item.id, ...(note.trim() ? { note } : {}) })
      toastDone(t('wishes.fulfilled'))
      onDone({ ...item, state: res.state, ...(note.trim() ? { note: note.trim() } : {}) })
    } catch (error) {
      issues.fail(error)
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className="wishes__form">
      <Text className="card__label">{t('wishes.fulfilNote')}</Text>
      <Textarea
        className="wishes__textarea"
        value={note}
        maxlength={WISH_NOTE_MAX}
        nativeProps={{ 'aria-label': t('wishes.fulfilNote') }}
        onInput={(e) => setNote(e.detail.value)}
        data-testid="fulfil-note"
      />
      <FormMessage issues={issues} />
      <Button className="wishes__button" disabled={offWhen(busy)} onClick={fulfil} data-testid="fulfil">
        {t('wishes.fulfil')}
      </Button>
    </View>
  )
}
