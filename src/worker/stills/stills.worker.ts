import * as Comlink from 'comlink';
import { StillsService } from './stills-service';

Comlink.expose(new StillsService());
