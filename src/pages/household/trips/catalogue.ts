/**
 * The catalogue area of the embedded exchange, which the household's trip offers show, kept out of the weapp
 * main package (src/shared/i18n/index.ts). Every page of the subpackage imports this first.
 */
import { registerAreas } from '@shared/i18n'
import * as exchange from '@shared/i18n/exchange'

registerAreas(exchange)
