/**
 * What is still on this phone: "3 waiting to send" and each record's state, with a retry for the ones
 * that failed. Records that went through stay listed for a day (the outbox keeps them) so the official
 * sees them leave.
 */
import { Button, Text, View } from '@tarojs/components'
import { householdOf, outbox, useOutbox } from '@/services/outbox'
import { useSettings } from '@/services/settings'

export default function OutboxPanel({ names }: { names: ReadonlyMap<string, string> }) {
  const { t } = useSettings()
  const { summary, items } = useOutbox()
  const pending = items.filter((i) => i.state !== 'sent')
  const headline =
    summary.waiting + summary.sending > 0
      ? t('contacts.outbox.waiting', { count: summary.waiting + summary.sending })
      : items.length === 0
        ? t('contacts.outbox.empty')
        : pending.length === 0
          ? t('contacts.outbox.allSent')
          : ''
  return (
    <View
      className="card outbox"
      data-testid="outbox"
      data-waiting={summary.waiting + summary.sending}
      data-sent={summary.sent}
      data-conflict={summary.conflict}
      data-failed={summary.failed}
    >
      <View className="outbox__head">
        <Text className="card__label">{t('contacts.outbox.title')}</Text>
        {headline && <Text className="outbox__headline">{headline}</Text>}
      </View>
      {summary.conflict > 0 && (
        <Text className="outbox__warn">{t('contacts.outbox.conflict', { count: summary.conflict })}</Text>
      )}
      {summary.failed > 0 && (
        <Text className="outbox__warn">{t('contacts.outbox.failed', { count: summary.failed })}</Text>
      )}
      {items
        .slice()
        .reverse()
        .slice(0, 10)
        .map((item) => (
          <View
            key={item.id}
            className="outbox__item"
            data-testid="outbox-item"
            data-id={item.id}
            data-state={item.state}
          >
            <Text className="outbox__who">
              {names.get(householdOf(item)) ?? householdOf(item)} ·{' '}
              {item.contact ? t(`contacts.channel.${item.contact.channel}`) : t('record.requests')}
              {item.photos.length > 0 ? ` · ${t('contacts.photosCount', { count: item.photos.length })}` : ''}
              {item.voice ? ` · ${t('contacts.voice')}` : ''}
            </Text>
            <Text className={`outbox__state outbox__state--${item.state}`}>{t(`contacts.state.${item.state}`)}</Text>
            {item.state === 'failed' && (item.photos.some((p) => p.gone) || item.voice?.gone) ? (
              <>
                <Text className="outbox__warn" data-testid="outbox-photos-gone">
                  {t('contacts.outbox.photosGone')}
                </Text>
                <Button
                  className="outbox__retry"
                  size="mini"
                  onClick={() => void outbox().sendWithoutLostPhotos(item.id)}
                >
                  {t('contacts.sendWithoutPhotos')}
                </Button>
              </>
            ) : (
              item.state === 'failed' && (
                <Button className="outbox__retry" size="mini" onClick={() => void outbox().retry(item.id)}>
                  {t('contacts.retrySend')}
                </Button>
              )
            )}
          </View>
        ))}
    </View>
  )
}
