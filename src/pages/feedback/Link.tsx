/**
 * Every home's way into feedback about the app, marked when the office has answered and the sender has not
 * read it yet. The mark costs no call on phones that wait for no answer, which is nearly all of them: the
 * feedback screen notes on the phone when something it sent still waits (`noteWaiting`), and only then does
 * the link ask. Feedback sent from another phone goes unmarked here; the mark is a nicety, and without signal
 * the link shows alone.
 */
import Taro from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import HomeLink from '@/components/HomeLink'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { feedback } from '@shared/contracts/feedback'

export const WAITING_KEY = 'shiliuzi.feedback.waiting'

/** Whether feedback this phone sent still waits for an answer or for its answer to be read. */
export function noteWaiting(waiting: boolean): void {
  try {
    if (waiting) Taro.setStorageSync(WAITING_KEY, true)
    else Taro.removeStorageSync(WAITING_KEY)
  } catch {
    // a full or unavailable store only costs the mark
  }
}

function waiting(): boolean {
  try {
    return Taro.getStorageSync(WAITING_KEY) === true
  } catch {
    return false
  }
}

/** coming back to the home asks again, but not on the show that comes with opening it */
const ASK_AGAIN_AFTER_MS = 1000

export default function FeedbackLink() {
  const { t } = useSettings()
  const [answers, setAnswers] = useState(0)
  const asked = useRef(0)
  const live = useRef(true)

  const ask = useCallback(() => {
    asked.current = Date.now()
    if (!waiting()) {
      setAnswers(0)
      return
    }
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
