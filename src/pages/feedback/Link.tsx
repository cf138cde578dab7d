/**
 * Every home's way into feedback about the app, marked when the office has answered and the sender has not
 * read it yet. The mark is a nicety: without signal, or while it is asked, the link shows alone.
 */
import Taro from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import HomeLink from '@/components/HomeLink'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { feedback } from '@shared/contracts/feedback'

/** coming back to the home asks again, but not on the show that comes with opening it */
const ASK_AGAIN_AFTER_MS = 1000

export default function FeedbackLink() {
  const { t } = useSettings()
  const [answers, setAnswers] = useState(0)
  const asked = useRef(0)
  const live = useRef(true)

  const ask = useCallback(() => {
    asked.current = Date.now()
    call(feedback, 'unread', {}).then(
      (res) => live.current && setAnswers(res.answers),
      () => undefined,
    )
  }, [])

  useEffect(() => {
    live.current = true
    ask()
    return () => {
      live.current = false
    }
  }, [ask])

  Taro.useDidShow(() => {
    if (Date.now() - asked.current > ASK_AGAIN_AFTER_MS) ask()
  })

  return (
    <HomeLink
      label="feedback.title"
      url="/pages/feedback/index"
      testId="open-feedback"
      note={answers > 0 ? t('feedback.answersWaiting', { count: answers }) : undefined}
    />
  )
}
