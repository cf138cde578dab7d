/** A failed call's message on the registry's office screens, re-worded when the language changes. */
import { Text } from '@tarojs/components'
import type { CallError } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { errorKey } from '@shared/errors'
import type { Lang } from '@shared/i18n'

export interface Problem {
  error: CallError
  lang: Lang
}

export default function ProblemText({ problem }: { problem: Problem }) {
  const { lang, t } = useSettings()
  return (
    <Text className="registry__error" data-testid="import-message" data-code={problem.error.code}>
      {lang === problem.lang ? problem.error.message : t(problem.error.reason ?? errorKey(problem.error.code))}
    </Text>
  )
}
