/**
 * The catalogue area of the exchange, which the household's exchange subpackage (the consent to a nomination,
 * the 公示 and its objections) shows, kept out of the weapp main package (src/shared/i18n/index.ts). Every
 * page of the subpackage imports this first.
 */
import { registerAreas } from '@shared/i18n'
import * as exchange from '@shared/i18n/exchange'

registerAreas(exchange)
