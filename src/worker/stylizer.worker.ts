import * as Comlink from 'comlink';
import { StylizerService } from './stylizer-service';

Comlink.expose(new StylizerService());
