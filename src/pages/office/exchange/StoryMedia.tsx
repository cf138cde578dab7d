/**
 * A nomination's photos and recording on the review screen. They are a family's pictures and voice, so they
 * are fetched only when the reviewer asks (`exchange.media`: the function checks the caller reviews it and
 * records the look), shown as the function's temporary URLs, a photo opened full size on a tap.
 */
import Taro from '@tarojs/taro'
import { Button, Image, Text, View } from '@tarojs/components'
import { useState } from 'react'
import AudioPlayer from '@/components/AudioPlayer'
import { offWhen } from '@/components/Form'
import { Problem } from '@/components/Manage'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useAction } from '@/services/useCall'
import type { StoryMedia as Media } from '@shared/contracts/exchange'
import { exchange } from '@shared/contracts/exchange'

export default function StoryMedia({ nominationId }: { nominationId: string }) {
  const { t } = useSettings()
  const step = useAction()
  const [media, setMedia] = useState<Media>()
  const open = () =>
    step.run(async () => {
      setMedia(await call(exchange, 'media', { nominationId }))
    })
  if (!media)
    return (
      <View className="exchange__form">
        <Problem problem={step.problem} />
        <Button
          className="exchange__button"
          size="mini"
          disabled={offWhen(step.busy)}
          onClick={() => void open()}
          data-testid="media-open"
        >
          {t('exchange.media.open')}
        </Button>
      </View>
    )
  const photos = media.photos.filter((p) => p.url)
  const missing = media.photos.length - photos.length + (media.voice && !media.voice.url ? 1 : 0)
  return (
    <View className="exchange__form" data-testid="media">
      {photos.length > 0 && (
        <View className="exchange__photos">
          {photos.map((p, i) => (
            <Image
              key={p.fileId}
              className="exchange__photo"
              src={p.url}
              mode="aspectFill"
              ariaLabel={t('exchange.media.photo', { n: i + 1 })}
              onClick={() =>
                void Taro.previewImage({ current: p.url, urls: photos.map((x) => x.url) }).catch(() => undefined)
              }
              data-testid="media-photo"
            />
          ))}
        </View>
      )}
      {media.voice?.url && <AudioPlayer src={media.voice.url} label={t('exchange.media.voice')} />}
      {missing > 0 && <Text className="card__label">{t('exchange.media.gone')}</Text>}
      <Text className="card__label">{t('exchange.media.recorded')}</Text>
    </View>
  )
}
