/**
 * The catalogue area of wishes (微心愿), which the household's requests subpackage shows beside its requests,
 * kept out of the weapp main package (src/shared/i18n/index.ts). Every page of the subpackage imports this first.
 */
import { registerAreas } from '@shared/i18n'
import * as wishes from '@shared/i18n/wishes'

registerAreas(wishes)
