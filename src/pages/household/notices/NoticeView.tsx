/** A notice's content for a reader: their language (or the other, marked), the recording, the pictures. */
import { Button, Image, Text, View } from '@tarojs/components'
import { useState } from 'react'
import AudioPlayer from '@/components/AudioPlayer'
import type { NoticeDetail } from '@shared/contracts/notices'
import { pickAudio, pickText } from '@shared/contracts/notices'
import type { Lang } from '@shared/i18n'
import { chinaDay } from '@shared/time'
import { useSettings } from '@/services/settings'
import './index.css'

export default function NoticeView({ notice }: { notice: NoticeDetail }) {
  const { lang, t } = useSettings()
  const [chosen, setChosen] = useState<Lang | undefined>(undefined)
  const text = pickText(notice, chosen ?? lang)
  const other: Lang = text.lang === 'bo' ? 'zh-Hans' : 'bo'
  const hasOther = notice.title[other] !== ''
  const audio = pickAudio(notice.media, text.lang)
  const pictures = notice.media.filter((m) => m.kind === 'image' && m.url)

  return (
    <View className="notice" data-testid="notice" data-lang={text.lang}>
      {text.fallback && !chosen && (
        <Text className="notice__fallback" data-testid="notice-fallback">
          {t(`notice.fallback.${lang}`)}
        </Text>
      )}
      <View className={`card notice__card lang-${text.lang}`}>
        <Text className="notice__category">{t(`notice.category.${notice.category}`)}</Text>
        <Text className="notice__title">{text.title}</Text>
        <Text className="notice__date">{chinaDay(notice.publishedAt)}</Text>
        {audio?.url && (
          <AudioPlayer
            src={audio.url}
            label={
              audio.lang && audio.lang !== text.lang
                ? `${t('notice.audio')} · ${t(`lang.${audio.lang}`)}`
                : t('notice.audio')
            }
          />
        )}
        <Text className="notice__body">{text.body}</Text>
        {pictures.map((p) => (
          <Image key={p.fileID} className="notice__picture" src={p.url} mode="widthFix" />
        ))}
      </View>
      {hasOther && (
        <Button className="notice__other" onClick={() => setChosen(other)}>
          {t('notice.showOther')} · {t(`lang.${other}`)}
        </Button>
      )}
    </View>
  )
}
