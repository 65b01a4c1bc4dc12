import Logging
import AsyncHTTPClient
import CEditLine
