/**
 * Every area registered at once, for what runs outside the weapp main package: the function bundles
 * (cloudfunctions/_shared/handler.ts), scripts and the tests of functions and catalogues.
 */
import { registerAreas } from './index'
import * as dashboard from './dashboard'
import * as exchange from './exchange'
import * as inbox from './inbox'
import * as rates from './rates'
import * as record from './record'
import * as registry from './registry'
import * as reports from './reports'
import * as risk from './risk'
import * as services from './services'
import * as wishes from './wishes'

registerAreas(dashboard, exchange, inbox, rates, record, registry, reports, risk, services, wishes)
